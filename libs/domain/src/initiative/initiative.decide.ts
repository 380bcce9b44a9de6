import { assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { requireText } from '../shared/validation';
import type { Transition, WorkflowDefinition } from '../workflow/definition';
import { candidateTransitions, takeTransition } from '../workflow/engine';
import { closeConsultation, fileObjection, openConsultation, resolveObjection } from './consultation.handlers';
import { escalate, nominate, reportProgress, resubmit, screen, submitSelfAssessment, withdraw } from './dossier.handlers';
import { publish, recordDecision, recordReplicationResult, reportReplication, revoke } from './award.handlers';
import { castBallot, closeReview, declareConflict, openReview, submitScores } from './review.handlers';
import { HandlerResult } from './handler';
import { rolesInScope } from './authority';
import { INITIATIVE_GUARDS } from './guards';
import type { InitiativeCommand, RegisterInitiative } from './initiative.commands';
import type { InitiativeContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { evolveInitiative } from './initiative.evolve';
import { Initiative, InitiativeState, initialInitiativeState } from './initiative.state';

/** nominate and escalate start a new nomination under the newest version; all else runs on the pinned one. */
const ensureDefinition = (command: InitiativeCommand, state: InitiativeState, definition: WorkflowDefinition): void => {
  if (state.kind === 'none') return;
  if (definition.id !== state.definitionId) {
    fail(DomainErrorCode.DEFINITION_MISMATCH, `The initiative follows ${state.definitionId}, not ${definition.id}`);
  }
  const renominating = command.type === 'nominate' || command.type === 'escalate';
  const ok = renominating ? definition.version >= state.definitionVersion : definition.version === state.definitionVersion;
  if (!ok) {
    fail(DomainErrorCode.DEFINITION_MISMATCH, `The initiative is pinned to ${state.definitionId} v${state.definitionVersion}, got v${definition.version}`);
  }
};

const register = (command: RegisterInitiative, context: InitiativeContext): HandlerResult => {
  const d = command.data;
  const unitId = requireText(d.unitId, 'unitId');
  const movement = context.movement;
  if (movement && movement.status !== 'none' && movement.workflowId !== context.definition.id) {
    fail(DomainErrorCode.DEFINITION_MISMATCH, `Movement ${movement.movementId} follows ${movement.workflowId}`);
  }
  // A field the movement does not run would count as a field of its own in every statistic.
  const field = requireText(d.field, 'field');
  if (movement && movement.status !== 'none' && !movement.fields.includes(field)) {
    fail(DomainErrorCode.VALIDATION_FAILED, `field must be one of the movement's fields: ${movement.fields.join(', ')}`);
  }
  const authors = (Array.isArray(d.authors) ? d.authors : []).map((a) => {
    const name = requireText(a?.name, 'authors[].name');
    return a.userId === undefined ? { name } : { name, userId: requireText(a.userId, 'authors[].userId') };
  });
  return {
    events: [
      {
        type: 'InitiativeRegistered',
        data: {
          initiativeId: requireText(d.initiativeId, 'initiativeId'),
          movementId: requireText(d.movementId, 'movementId'),
          unitId,
          title: requireText(d.title, 'title'),
          summary: requireText(d.summary, 'summary'),
          field,
          authors,
          definitionId: context.definition.id,
          definitionVersion: context.definition.version,
          registeredAt: context.now,
        },
      },
    ],
  };
};

const handle = (command: InitiativeCommand, state: Initiative, context: InitiativeContext, candidates: Transition[]): HandlerResult => {
  switch (command.type) {
    case 'register':
      return fail(DomainErrorCode.ALREADY_EXISTS, `Initiative ${state.initiativeId} already exists`);
    case 'reportProgress':
      return reportProgress({ command, state, context, candidates });
    case 'submitSelfAssessment':
      return submitSelfAssessment({ command, state, context, candidates });
    case 'nominate':
      return nominate({ command, state, context, candidates });
    case 'screen':
      return screen({ command, state, context, candidates });
    case 'resubmit':
      return resubmit({ command, state, context, candidates });
    case 'openReview':
      return openReview({ command, state, context, candidates });
    case 'declareConflict':
      return declareConflict({ command, state, context, candidates });
    case 'submitScores':
      return submitScores({ command, state, context, candidates });
    case 'castBallot':
      return castBallot({ command, state, context, candidates });
    case 'closeReview':
      return closeReview({ command, state, context, candidates });
    case 'openConsultation':
      return openConsultation({ command, state, context, candidates });
    case 'fileObjection':
      return fileObjection({ command, state, context, candidates });
    case 'resolveObjection':
      return resolveObjection({ command, state, context, candidates });
    case 'closeConsultation':
      return closeConsultation({ command, state, context, candidates });
    case 'recordDecision':
      return recordDecision({ command, state, context, candidates });
    case 'publish':
      return publish({ command, state, context, candidates });
    case 'reportReplication':
      return reportReplication({ command, state, context, candidates });
    case 'recordReplicationResult':
      return recordReplicationResult({ command, state, context, candidates });
    case 'escalate':
      return escalate({ command, state, context, candidates });
    case 'revoke':
      return revoke({ command, state, context, candidates });
    case 'withdraw':
      return withdraw({ command, state, context, candidates });
    default:
      return assertNever(command);
  }
};

/**
 * Keeps only the actor's roles that are in scope on this initiative (authority.ts). When none of the
 * roles the transitions allow is in scope, the first refusal is the answer (FORBIDDEN, or
 * NOT_COUNCIL_MEMBER for a member of another council).
 */
const scopedContext = (command: InitiativeCommand, state: InitiativeState, context: InitiativeContext, candidates: Transition[]): InitiativeContext => {
  const allowed = new Set(candidates.flatMap((t) => t.roles));
  const { inScope, refusals } = rolesInScope(command, state, context);
  if (!inScope.some((role) => allowed.has(role))) {
    const refusal = refusals.find((r) => allowed.has(r.role));
    if (refusal) fail(DomainErrorCode[refusal.code], refusal.message);
  }
  return { ...context, actor: { ...context.actor, roles: inScope } };
};

const REVIEW_COMMANDS: readonly InitiativeCommand['type'][] = ['declareConflict', 'submitScores', 'castBallot'];

/**
 * The one generic engine step: find the transitions the definition allows, let the
 * command's handler produce its facts and outcome, route on the outcome, check the
 * guards against the resulting state, and record the stage change with its timers.
 */
export const decideInitiative = (command: InitiativeCommand, state: InitiativeState, context: InitiativeContext): InitiativeEvent[] => {
  const { definition } = context;
  if (state.kind === 'none' && command.type !== 'register') fail(DomainErrorCode.NOT_FOUND, 'Initiative not found');
  if (state.kind === 'initiative' && command.type === 'register') fail(DomainErrorCode.ALREADY_EXISTS, `Initiative ${state.initiativeId} already exists`);
  ensureDefinition(command, state, definition);
  // A ballot or score after the close is refused as such, not as a generic wrong stage.
  const lastReview = state.kind === 'initiative' ? state.reviews[state.reviews.length - 1] : undefined;
  if (REVIEW_COMMANDS.includes(command.type) && lastReview?.status === 'closed') {
    fail(DomainErrorCode.REVIEW_CLOSED, `Review ${lastReview.reviewId} is closed`);
  }
  const from = state.kind === 'none' ? null : state.stage;
  const candidates = candidateTransitions(definition, from, command.type, context.actor);
  const scoped = scopedContext(command, state, context, candidates);
  const result =
    state.kind === 'none'
      ? command.type === 'register'
        ? register(command, scoped)
        : fail(DomainErrorCode.NOT_FOUND, 'Initiative not found')
      : handle(command, state, scoped, candidates);
  const after = result.events.reduce(evolveInitiative, state);
  if (after.kind === 'none') return fail(DomainErrorCode.NOT_FOUND, 'Initiative not found');
  const taken = takeTransition({
    definition,
    from,
    candidates,
    outcome: result.outcome,
    actor: scoped.actor,
    now: context.now,
    anchors: result.anchors ?? {},
    guards: INITIATIVE_GUARDS,
    guardInput: { before: state, after, command, context: scoped },
  });
  if (taken.to === from) return result.events;
  const stageChanged: InitiativeEvent = {
    type: 'StageChanged',
    data: {
      initiativeId: after.initiativeId,
      from,
      to: taken.to,
      through: taken.through,
      via: command.type,
      ...(result.outcome === undefined ? {} : { outcome: result.outcome }),
      timers: taken.timers,
      definitionId: definition.id,
      definitionVersion: definition.version,
      at: context.now,
    },
  };
  return [...result.events, stageChanged];
};

export const initiativeDecider = {
  decide: decideInitiative,
  evolve: evolveInitiative,
  initialState: initialInitiativeState,
};
