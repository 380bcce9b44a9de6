// Shared kernel
export * from './shared/errors';
export * from './shared/context';
export * from './shared/decider';
export * from './shared/duration';
export * from './shared/fraction';

// Reference aggregates
export * from './unit/unit';
export * from './user/user';
export * from './council/council';
export * from './movement/movement';

// Workflow engine and definitions
export * from './workflow/vocabulary';
export * from './workflow/definition';
export * from './workflow/validate';
export * from './workflow/engine';
export * from './workflow/mermaid';
export * from './workflow/workflow-definition.decider';
export * from './workflow/definitions';

// Initiative: the workflow instance
export * from './initiative/initiative.commands';
export * from './initiative/initiative.events';
export * from './initiative/initiative.state';
export * from './initiative/initiative.context';
export * from './initiative/initiative.evolve';
export * from './initiative/initiative.decide';
export type { GuardInput } from './initiative/guards';
export { INITIATIVE_GUARDS } from './initiative/guards';
export { appliedRule, approvalMembers, eligibleMembers, tallyReview, weightedScore } from './initiative/review.policy';
export * from './initiative/authority';
export * from './initiative/review.read';
export * from './initiative/review.progress';
export * from './initiative/ballot-key';
export * from './initiative/timers';
