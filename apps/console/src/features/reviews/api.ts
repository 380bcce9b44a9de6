import { api, type CommandResult, type Page } from '../../lib/api';

/*
 * The API's views this feature reads, declared here until the types generated from the OpenAPI
 * document replace them (names follow the API's views).
 */

export type Owed = 'scores' | 'ballot';
export type Choice = 'approve' | 'reject' | 'abstain';

/** One entry of GET /me/reviews (read model QueuedReview). */
export interface QueuedReview {
  reviewId: string;
  initiativeId: string;
  title: string;
  councilId: string;
  level: string;
  cycle: number;
  openedAt: string;
  deadline: string;
  overdue: boolean;
  secretBallot: boolean;
  owes: Owed[];
  role: 'member' | 'secretary';
}

export interface ScoreSheet {
  memberId: string;
  scores: Record<string, number>;
  comment?: string;
  comments?: Record<string, string>;
  submittedAt: string;
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

/** `reviewView` of GET /initiatives/{id} (review, reviews[]). */
export interface ReviewView {
  reviewId: string;
  cycle: number;
  status: 'open' | 'closed';
  councilId: string;
  level: string;
  panel: string[];
  recusals: { memberId: string; reason: string }[];
  deadline: string;
  openedAt: string;
  secretBallot: boolean;
  secrecyNotice?: string;
  voters: string[];
  youVoted: boolean;
  youAreRecused: boolean;
  owingBallot: string[];
  ballots?: { memberId: string; choice: Choice }[];
  scores: { own?: ScoreSheet; others: ScoreSheet[]; othersHidden: boolean };
  outcome?: string;
  tally?: Tally;
  rule?: unknown;
  scoreSummary?: { sheets: number; average: number } | null;
  closedAt?: string;
}

export interface DossierDocument {
  name: string;
  sha256: string;
  url?: string;
}

export interface ProgressReport {
  reportId: string;
  summary: string;
  indicators?: Record<string, unknown>;
  reportedAt: string;
}

/** `initiativeView` of GET /initiatives/{id}: the fields this feature shows. */
export interface InitiativeView {
  initiativeId: string;
  version: number;
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: { name: string; userId?: string }[];
  status: string;
  stageLabel: string | null;
  definition: { id: string; version: number };
  level: string | null;
  councilId: string | null;
  awardForm: string | null;
  progressReports: ProgressReport[];
  dossier: { awardForm?: string; statement?: string; documents?: DossierDocument[] } | null;
  review: ReviewView | null;
}

export interface RubricCriterion {
  criterion: string;
  label?: string;
  weight: number;
  max: number;
}

/** GET /workflows/{id}/versions/{version}: the parameters this feature needs. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  title?: string;
  parameters: { rubric?: RubricCriterion[]; secretBallot?: boolean };
}

export interface MyReviewsQuery {
  owes?: string;
  secretBallot?: string;
  cursor?: string;
  minPosition?: string | null;
}

/** Query keys of the feature: invalidated together after each of its commands. */
export const reviewKeys = {
  all: ['reviews'] as const,
  queue: (q: MyReviewsQuery) => ['reviews', 'queue', q.owes ?? '', q.secretBallot ?? '', q.cursor ?? ''] as const,
  initiative: (id: string) => ['reviews', 'initiative', id] as const,
  definition: (id: string, version: number) => ['reviews', 'definition', id, version] as const,
};

export const fetchMyReviews = (q: MyReviewsQuery, signal?: AbortSignal) =>
  api<Page<QueuedReview>>('GET', '/me/reviews', { query: { owes: q.owes, secretBallot: q.secretBallot, cursor: q.cursor, limit: 25 }, minPosition: q.minPosition, signal });

export const fetchInitiative = (id: string, minPosition?: string | null, signal?: AbortSignal) =>
  api<InitiativeView>('GET', `/initiatives/${encodeURIComponent(id)}`, { minPosition, signal });

export const fetchDefinition = (id: string, version: number, signal?: AbortSignal) =>
  api<WorkflowDefinition>('GET', `/workflows/${encodeURIComponent(id)}/versions/${version}`, { signal });

export interface ScoresBody {
  scores: Record<string, number>;
  comments?: Record<string, string>;
  comment?: string;
}

export const submitScores = (id: string, body: ScoresBody, idempotencyKey: string) =>
  api<CommandResult>('POST', `/initiatives/${encodeURIComponent(id)}/review/scores`, { body, idempotencyKey });

export const castBallot = (id: string, choice: Choice, idempotencyKey: string) =>
  api<CommandResult>('POST', `/initiatives/${encodeURIComponent(id)}/review/ballots`, { body: { choice }, idempotencyKey });

export const declareConflict = (id: string, reason: string, idempotencyKey: string) =>
  api<CommandResult>('POST', `/initiatives/${encodeURIComponent(id)}/review/conflicts`, { body: { reason }, idempotencyKey });
