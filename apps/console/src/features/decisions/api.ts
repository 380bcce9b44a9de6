import { api, type CommandResult, type Page } from '../../lib/api';

/*
 * The API's views this feature reads, declared here until the types generated from the OpenAPI
 * document replace them (names follow the API's views).
 */

/** One entry of GET /initiatives (read model InitiativeListItem). */
export interface InitiativeListItem {
  initiativeId: string;
  version: number;
  movementId: string;
  unitId: string;
  unitName: string | null;
  level: string | null;
  field: string;
  status: string;
  year: number;
  title: string;
  summary: string;
  authors: { name: string; userId?: string }[];
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  nominatedAt: string | null;
}

export interface Tally {
  panel: number;
  recused: number;
  eligible: number;
  voted: number;
  approve: number;
  reject: number;
  abstain: number;
  quorumMet: boolean;
  approvalBase: number;
  approved: boolean;
}

export interface AppliedRule {
  definitionId: string;
  definitionVersion: number;
  quorum: { fraction: string; base: string };
  approval: { fraction: string; base: string; comparison?: string };
  secretBallot: boolean;
}

/** `reviewView` of GET /initiatives/{id}, the fields a decision needs. */
export interface ReviewView {
  reviewId: string;
  cycle: number;
  status: 'open' | 'closed';
  councilId: string;
  level: string;
  secretBallot: boolean;
  outcome?: 'recommended' | 'not_recommended' | 'no_quorum';
  tally?: Tally;
  rule?: AppliedRule;
  scoreSummary?: { sheets: number; average: number } | null;
  closedAt?: string;
}

export interface Consultation {
  consultationId: string;
  opensAt: string;
  closesAt: string;
  status: 'open' | 'closed';
}

export interface Objection {
  objectionId: string;
  consultationId: string;
  text: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'dismissed';
  reason?: string;
  resolvedAt?: string;
}

export interface Recognition {
  level: string;
  awardForm: string;
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  revoked: boolean;
}

/** `initiativeView` of GET /initiatives/{id}: the fields this feature shows. */
export interface InitiativeView {
  initiativeId: string;
  version: number;
  title: string;
  summary: string;
  unitId: string;
  field: string;
  status: string;
  stageLabel: string | null;
  level: string | null;
  councilId: string | null;
  awardForm: string | null;
  next: { command: string; outcome: string | null; to: string; roles: string[] }[];
  review: ReviewView | null;
  reviews: ReviewView[];
  consultation: Consultation | null;
  objections: Objection[];
  awards: Recognition[];
}

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
