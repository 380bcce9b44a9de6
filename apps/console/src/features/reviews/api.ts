import { api, type CommandResult, type Page } from '../../lib/api';
import type { PageItem, Schemas } from '../../api/types';

/*
 * The API's views this feature reads: aliases of the types generated from the OpenAPI document
 * (apps/console/src/api/schema.d.ts), so the console and the API cannot drift.
 */

export type Owed = Schemas['QueuedReviewView']['owes'][number];
export type Choice = Schemas['BallotView']['choice'];

/** One entry of GET /me/reviews (ReviewQueuePage). */
export type QueuedReview = PageItem<Schemas['ReviewQueuePage']>;

export type ScoreSheet = Schemas['ScoreSheetView'];

export type Tally = Schemas['TallyView'];

/** `review`, `reviews[]` of GET /initiatives/{id}. */
export type ReviewView = Schemas['ReviewView'];

export type DossierDocument = Schemas['DossierDocumentView'];

export type ProgressReport = Schemas['ProgressReportView'];

/** GET /initiatives/{id}. */
export type InitiativeView = Schemas['InitiativeView'];

export type RubricCriterion = Schemas['RubricCriterionBody'];

/** GET /workflows/{id}/versions/{version}. */
export type WorkflowDefinition = Schemas['WorkflowDefinitionView'];

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
