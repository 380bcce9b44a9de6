import { DecisionContext, hasAnyRole } from '../shared/context';
import { Command, DomainEvent, assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { optionalText, requireIsoDate, requireOneOf, requireText } from '../shared/validation';

export type MovementKind = 'regular' | 'thematic';
export type SummaryKind = 'preliminary' | 'final';
/** Counts per stage, field, level… computed by the app from read models and frozen here. */
export type MovementStatistics = Record<string, unknown>;

export interface MovementData {
  movementId: string;
  title: string;
  organizerUnitId: string;
  kind: MovementKind;
  fields: string[];
  startsOn: string;
  endsOn: string;
  workflowId: string;
}

export type DraftMovement = Command<'draftMovement', MovementData>;
export type LaunchMovement = Command<'launchMovement', Record<string, never>>;
export type CloseMovement = Command<'closeMovement', Record<string, never>>;
export type RecordSummary = Command<'recordSummary', { kind: SummaryKind; note?: string; statistics: MovementStatistics }>;
export type MovementCommand = DraftMovement | LaunchMovement | CloseMovement | RecordSummary;

export type MovementDrafted = DomainEvent<'MovementDrafted', MovementData & { draftedAt: string }>;
export type MovementLaunched = DomainEvent<'MovementLaunched', { movementId: string; launchedAt: string }>;
export type MovementClosed = DomainEvent<'MovementClosed', { movementId: string; closedAt: string }>;
export type SummaryRecorded = DomainEvent<
  'SummaryRecorded',
  { movementId: string; kind: SummaryKind; note?: string; statistics: MovementStatistics; recordedAt: string }
>;
export type MovementEvent = MovementDrafted | MovementLaunched | MovementClosed | SummaryRecorded;

interface MovementRecord extends MovementData {
  summaries: { kind: SummaryKind; recordedAt: string }[];
}
export type MovementState =
  | { status: 'none' }
  | ({ status: 'draft' } & MovementRecord)
  | ({ status: 'launched' } & MovementRecord)
  | ({ status: 'closed' } & MovementRecord);

export const initialMovementState = (): MovementState => ({ status: 'none' });

/** Administrators, or an officer of the organising unit, run a movement. */
const ensureOrganiser = (context: DecisionContext, organizerUnitId: string): void => {
  const { actor } = context;
  if (hasAnyRole(actor, ['administrator'])) return;
  if (hasAnyRole(actor, ['unit_officer']) && actor.unitId === organizerUnitId) return;
  fail(DomainErrorCode.FORBIDDEN, 'Only the organising unit or an administrator manages a movement');
};

const existing = (state: MovementState) =>
  state.status === 'none' ? fail(DomainErrorCode.NOT_FOUND, 'Movement not found') : state;

export const decideMovement = (command: MovementCommand, state: MovementState, context: DecisionContext): MovementEvent[] => {
  switch (command.type) {
    case 'draftMovement': {
      const d = command.data;
      ensureOrganiser(context, d.organizerUnitId);
      if (state.status !== 'none') fail(DomainErrorCode.ALREADY_EXISTS, `Movement ${state.movementId} already exists`);
      const startsOn = requireIsoDate(d.startsOn, 'startsOn');
      const endsOn = requireIsoDate(d.endsOn, 'endsOn');
      if (Date.parse(endsOn) < Date.parse(startsOn)) fail(DomainErrorCode.VALIDATION_FAILED, 'endsOn is before startsOn');
      if (!Array.isArray(d.fields) || d.fields.length === 0) fail(DomainErrorCode.VALIDATION_FAILED, 'fields must not be empty');
      const data: MovementData = {
        movementId: requireText(d.movementId, 'movementId'),
        title: requireText(d.title, 'title'),
        organizerUnitId: requireText(d.organizerUnitId, 'organizerUnitId'),
        kind: requireOneOf(d.kind, ['regular', 'thematic'] as const, 'kind'),
        fields: d.fields.map((f) => requireText(f, 'fields[]')),
        startsOn,
        endsOn,
        workflowId: requireText(d.workflowId, 'workflowId'),
      };
      return [{ type: 'MovementDrafted', data: { ...data, draftedAt: context.now } }];
    }
    case 'launchMovement': {
      const movement = existing(state);
      ensureOrganiser(context, movement.organizerUnitId);
      if (movement.status !== 'draft') fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `A ${movement.status} movement cannot be launched`);
      return [{ type: 'MovementLaunched', data: { movementId: movement.movementId, launchedAt: context.now } }];
    }
    case 'closeMovement': {
      const movement = existing(state);
      ensureOrganiser(context, movement.organizerUnitId);
      if (movement.status !== 'launched') fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `A ${movement.status} movement cannot be closed`);
      return [{ type: 'MovementClosed', data: { movementId: movement.movementId, closedAt: context.now } }];
    }
    case 'recordSummary': {
      const movement = existing(state);
      ensureOrganiser(context, movement.organizerUnitId);
      const kind = requireOneOf(command.data.kind, ['preliminary', 'final'] as const, 'kind');
      // A preliminary review happens mid-movement; the final one may follow the close, once.
      const allowed = kind === 'preliminary' ? movement.status === 'launched' : movement.status !== 'draft';
      if (!allowed) fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `A ${kind} summary is not allowed on a ${movement.status} movement`);
      if (kind === 'final' && movement.summaries.some((s) => s.kind === 'final')) {
        fail(DomainErrorCode.ALREADY_EXISTS, 'The final summary is already recorded');
      }
      const note = optionalText(command.data.note, 'note');
      const base = { movementId: movement.movementId, kind, statistics: command.data.statistics ?? {}, recordedAt: context.now };
      return [{ type: 'SummaryRecorded', data: note ? { ...base, note } : base }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveMovement = (state: MovementState, event: MovementEvent): MovementState => {
  switch (event.type) {
    case 'MovementDrafted': {
      const { draftedAt: _drafted, ...data } = event.data;
      return { status: 'draft', ...data, summaries: [] };
    }
    case 'MovementLaunched':
      return state.status === 'none' ? state : { ...state, status: 'launched' };
    case 'MovementClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    case 'SummaryRecorded':
      return state.status === 'none'
        ? state
        : { ...state, summaries: [...state.summaries, { kind: event.data.kind, recordedAt: event.data.recordedAt }] };
    default:
      return assertNever(event);
  }
};

export const movementDecider = { decide: decideMovement, evolve: evolveMovement, initialState: initialMovementState };
