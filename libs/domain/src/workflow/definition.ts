import type { Role } from '../shared/context';
import { assertNever } from '../shared/decider';
import type { AnchorName, CommandName, GuardName, TimerKind } from './vocabulary';

export type StageId = string;

/**
 * A timer scheduled when a transition is taken: either `after` a duration from now,
 * or `at` an anchor the command computed, shifted by an optional signed `offset`.
 */
export type TimerSpec =
  | { name: TimerKind; after: string }
  | { name: TimerKind; at: AnchorName; offset?: string };

export interface Transition {
  command: CommandName;
  /** Taken only when the command produced this outcome; absent = any outcome. */
  outcome?: string;
  to: StageId;
  roles: Role[];
  guards?: GuardName[];
  timers?: TimerSpec[];
}

export interface ChoiceBranch {
  outcome: string;
  to: StageId;
}

/**
 * `active` stages wait for commands, `choice` stages route at once on the outcome of
 * the command that entered them (nothing ever rests there), `final` stages end.
 */
export type Stage =
  | { id: StageId; kind: 'active'; label?: string; transitions: Transition[] }
  | { id: StageId; kind: 'choice'; label?: string; branches: ChoiceBranch[] }
  | { id: StageId; kind: 'final'; label?: string };

/**
 * all_members = the council's voting members not recused (even when a subset panel sits);
 * members_present = those who voted, abstaining included.
 */
export type VoteBase = 'all_members' | 'members_present' | 'ballots_cast';

export interface QuorumRule {
  /** '2/3' or '90%'. */
  fraction: string;
  base: 'all_members';
}

export interface ApprovalRule {
  fraction: string;
  base: VoteBase;
  comparison: 'at_least' | 'more_than';
}

export interface RubricCriterion {
  criterion: string;
  label?: string;
  weight: number;
  max: number;
}

export interface WorkflowParameters {
  quorum?: QuorumRule;
  approval?: ApprovalRule;
  secretBallot?: boolean;
  /**
   * Who sits on a review: `council` (default) = every voting member of the assigned council;
   * `subset` = the secretary may name a panel of voting members when opening the review.
   */
  panelSelection?: 'council' | 'subset';
  rubric?: RubricCriterion[];
  /** ISO 8601 durations. */
  reviewPeriod?: string;
  consultationPeriod?: string;
  /** Count the consultation period's days as working days (public posting practice). */
  consultationInWorkingDays?: boolean;
  replicationsForEscalation?: number;
  /** Document names the dossier must hold (guard dossierComplete). */
  requiredDocuments?: string[];
  awardForms?: string[];
  /** Ad hoc and thematic awards do not count towards higher merit awards. */
  countsTowardsHigherAwards?: boolean;
}

export interface WorkflowDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  /** The creating transition; its command is always `register`. */
  start: Transition;
  stages: Stage[];
  parameters: WorkflowParameters;
}

/** A definition before publication gives it a version. */
export type DefinitionDraft = Omit<WorkflowDefinition, 'version'>;

export const findStage = (definition: Pick<WorkflowDefinition, 'stages'>, id: StageId): Stage | undefined =>
  definition.stages.find((stage) => stage.id === id);

/** Every way out of a stage: transitions of active stages, branches of choices. */
export const targetsOf = (stage: Stage): StageId[] => {
  switch (stage.kind) {
    case 'active':
      return stage.transitions.map((t) => t.to);
    case 'choice':
      return stage.branches.map((b) => b.to);
    case 'final':
      return [];
    default:
      return assertNever(stage);
  }
};
