import { api, type CommandResult, type Page } from '../../lib/api';
import type { PageItem, Schemas } from '../../api/types';

/*
 * The API's views this feature reads: aliases of the types generated from the OpenAPI document
 * (apps/console/src/api/schema.d.ts), so the console and the API cannot drift.
 */

/** One entry of GET /initiatives (InitiativeListPage). */
export type InitiativeListItem = PageItem<Schemas['InitiativeListPage']>;

export type Tally = Schemas['TallyView'];

export type AppliedRule = Schemas['AppliedRuleView'];

/** `review`, `reviews[]` of GET /initiatives/{id}. */
export type ReviewView = Schemas['ReviewView'];

export type Consultation = Schemas['ConsultationView'];

export type Objection = Schemas['ObjectionView'];

export type Recognition = Schemas['RecognitionView'];

/** GET /initiatives/{id}. */
export type InitiativeView = Schemas['InitiativeView'];

export interface DecisionBody {
  outcome: 'granted' | 'declined';
  awardForm?: string;
  decisionNo?: string;
  decidedOn?: string;
  signedBy?: string;
  reason?: string;
}

export interface WaitingQuery {
  q?: string;
  movementId?: string;
  level?: string;
  status?: string;
  cursor?: string;
}

/** The stage where the authority decides (track "initiative recognition"). */
export const AWAITING_DECISION = 'decision';

/** Query keys of the feature: invalidated together after each of its commands. */
export const decisionKeys = {
  all: ['decisions'] as const,
  waiting: (q: WaitingQuery) => ['decisions', 'waiting', q.status ?? '', q.q ?? '', q.movementId ?? '', q.level ?? '', q.cursor ?? ''] as const,
  initiative: (id: string) => ['decisions', 'initiative', id] as const,
};

export const fetchWaiting = (q: WaitingQuery, minPosition: string | null, signal?: AbortSignal) =>
  api<Page<InitiativeListItem>>('GET', '/initiatives', {
    query: { status: q.status || AWAITING_DECISION, q: q.q, movementId: q.movementId, level: q.level, cursor: q.cursor, limit: 25 },
    minPosition,
    signal,
  });

export const fetchInitiative = (id: string, minPosition: string | null, signal?: AbortSignal) =>
  api<InitiativeView>('GET', `/initiatives/${encodeURIComponent(id)}`, { minPosition, signal });

export const recordDecision = (id: string, body: DecisionBody, idempotencyKey: string) =>
  api<CommandResult>('POST', `/initiatives/${encodeURIComponent(id)}/decision`, { body, idempotencyKey });
