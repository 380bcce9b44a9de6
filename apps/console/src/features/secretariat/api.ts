import { api, readOwnWrites, type CommandResult, type Page } from '../../lib/api';
import type { PageItem, Schemas } from '../../api/types';

/*
 * The secretary's requests and the API views they read: aliases of the types generated from the
 * OpenAPI document (apps/console/src/api/schema.d.ts), so the console and the API cannot drift.
 */

/** Fails to compile unless `T` is `true`: `Assert<Extends<A, B>>` breaks the build when A stops fitting B. */
type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

/** One entry of GET /initiatives (InitiativeListPage). */
export type InitiativeListItem = PageItem<Schemas['InitiativeListPage']>;

export type DossierDocument = Schemas['DossierDocumentView'];

export type RecusalReason = Schemas['RecusalView']['reason'];

export type Tally = Schemas['TallyView'];

/**
 * A quorum or an approval rule, read alike (the document has two shapes: QuorumRuleView has no
 * `comparison`). Kept local; both generated shapes must fit it.
 */
export interface FractionRule {
  fraction: string;
  base: string;
  comparison?: string;
}
export type FractionRuleFits = Assert<Extends<Schemas['QuorumRuleView'] | Schemas['ApprovalRuleView'], FractionRule>>;

export type AppliedRule = Schemas['AppliedRuleView'];

/** GET /initiatives/{id} → review. */
export type ReviewView = Schemas['ReviewView'];

export type Objection = Schemas['ObjectionView'];

export type Consultation = Schemas['ConsultationView'];

/** GET /initiatives/{id}: the initiative now. */
export type InitiativeView = Schemas['InitiativeView'];

/** GET /initiatives/{id}/review: who has scored and voted, never what. */
export type MemberProgressView = Schemas['MemberProgressView'];

/**
 * GET /initiatives/{id}/review. The generated type, except `rule`: the document declares it a
 * free-form object (`{ [key: string]: unknown } | null`), while the API sends the closed review's
 * applied rule, which the tally shows as an AppliedRule.
 */
export type ReviewProgressView = Omit<Schemas['ReviewProgressView'], 'rule'> & { rule?: AppliedRule | null };

/** POST /initiatives/{id}/review/reminders. */
export type RemindersResultView = Schemas['RemindersResultView'];
export type RemindersResultIsCommandResult = Assert<Extends<RemindersResultView, CommandResult>>;

/** GET /councils/{id}. */
export type CouncilView = Schemas['CouncilView'];

export interface QueueFilters {
  status: string;
  q?: string;
  field?: string;
  level?: string;
  movementId?: string;
  councilId?: string;
  year?: string;
  cursor?: string;
}

export const secretariatKeys = {
  all: ['secretariat'] as const,
  queue: (filters: QueueFilters) => ['secretariat', 'queue', filters] as const,
  initiative: (id: string) => ['secretariat', 'initiative', id] as const,
  progress: (id: string) => ['secretariat', 'progress', id] as const,
  council: (id: string) => ['secretariat', 'council', id] as const,
};

// Every read passes the latest command's position: after a command the view reads its own write.
const read = <T>(path: string, query?: Record<string, string | number | undefined>) => api<T>('GET', path, { query, minPosition: readOwnWrites() });

export const fetchQueue = (f: QueueFilters) =>
  read<Page<InitiativeListItem>>('/initiatives', { status: f.status, q: f.q, field: f.field, level: f.level, movementId: f.movementId, councilId: f.councilId, year: f.year, cursor: f.cursor, limit: 20 });
export const fetchInitiative = (id: string) => read<InitiativeView>(`/initiatives/${encodeURIComponent(id)}`);
export const fetchProgress = (id: string) => read<ReviewProgressView>(`/initiatives/${encodeURIComponent(id)}/review`);
export const fetchCouncil = (id: string) => read<CouncilView>(`/councils/${encodeURIComponent(id)}`);

const command = <T = CommandResult>(id: string, suffix: string, body: object, idempotencyKey: string) =>
  api<T>('POST', `/initiatives/${encodeURIComponent(id)}${suffix}`, { body, idempotencyKey });

export const screen = (id: string, body: { outcome: 'accepted' | 'returned'; reason?: string }, key: string) => command(id, '/screening', body, key);
export const openReview = (id: string, body: { deadline?: string }, key: string) => command(id, '/review', body, key);
export const remindReviewers = (id: string, key: string) => command<RemindersResultView>(id, '/review/reminders', {}, key);
export const closeReview = (id: string, key: string) => command(id, '/review/close', {}, key);
export const openConsultation = (id: string, body: { closesAt?: string }, key: string) => command(id, '/consultation', body, key);
export const resolveObjection = (id: string, objectionId: string, body: { outcome: 'upheld' | 'dismissed'; reason: string }, key: string) =>
  command(id, `/consultation/objections/${encodeURIComponent(objectionId)}/resolution`, body, key);
export const closeConsultation = (id: string, key: string) => command(id, '/consultation/close', {}, key);
export const publish = (id: string, body: { channel: string; url?: string }, key: string) => command(id, '/publication', body, key);
export const escalate = (id: string, body: { councilId: string }, key: string) => command(id, '/escalation', body, key);

/** Whether the definition lets `command` happen from the initiative's stage now (its `next` transitions). */
export const allows = (initiative: Pick<InitiativeView, 'next'>, command: string): boolean => initiative.next.some((n) => n.command === command);
