import { api, readOwnWrites, type CommandResult, type Page } from '../../lib/api';

/*
 * The secretary's requests and the API views they read. The types are named like the API's views
 * (OpenAPI); the integrator swaps them for the generated ones.
 */

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
  definitionId: string;
  definitionVersion: number;
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  nominatedAt: string | null;
  awardedAt: string | null;
  publishedAt: string | null;
  adoptingUnits: number;
  updatedAt: string;
}

export interface DossierDocument {
  name: string;
  sha256: string;
  url?: string;
}

export type RecusalReason = 'automatic:nominating_unit' | 'automatic:author' | 'declared_conflict';

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

export interface FractionRule {
  fraction: string;
  base: string;
  comparison?: string;
}

export interface AppliedRule {
  definitionId: string;
  definitionVersion: number;
  quorum: FractionRule;
  approval: FractionRule;
  secretBallot: boolean;
}

/** GET /initiatives/{id} → review (the fields the secretary reads). */
export interface ReviewView {
  reviewId: string;
  cycle: number;
  status: 'open' | 'closed';
  councilId: string;
  panel: string[];
  recusals: { memberId: string; reason: RecusalReason }[];
  deadline: string;
  openedAt: string;
  secretBallot: boolean;
  voters: string[];
  outcome?: string;
  tally?: Tally;
  rule?: AppliedRule;
  closedAt?: string;
}

export interface Objection {
  objectionId: string;
  consultationId: string;
  text: string;
  contact?: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'dismissed';
  reason?: string;
  resolvedAt?: string;
}

export interface Consultation {
  consultationId: string;
  opensAt: string;
  closesAt: string;
  status: 'open' | 'closed';
}

/** GET /initiatives/{id}: the initiative now. */
export interface InitiativeView {
  id: string;
  initiativeId: string;
  version: number;
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: { name: string; userId?: string }[];
  status: string;
  stage: string;
  stageLabel: string | null;
  final: boolean;
  next: { command: string; outcome: string | null; to: string; roles: string[] }[];
  definitionId: string;
  definitionVersion: number;
  level: string | null;
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  dossier: { statement?: string; documents: DossierDocument[] };
  review: ReviewView | null;
  consultation: Consultation | null;
  objections: Objection[];
  publications: { channel: string; url?: string; publishedAt: string }[];
  distinctAdopters: number;
}

/** GET /initiatives/{id}/review: who has scored and voted, never what. */
export interface MemberProgressView {
  memberId: string;
  councilRole: string | null;
  recused: boolean;
  recusalReason: RecusalReason | null;
  conflictStatement: string | null;
  scored: boolean;
  voted: boolean;
  owing: boolean;
}

export interface ReviewProgressView {
  initiativeId: string;
  reviewId: string;
  cycle: number;
  status: 'open' | 'closed';
  councilId: string;
  secretBallot: boolean;
  rubric: boolean;
  openedAt: string;
  deadline: string;
  members: MemberProgressView[];
  eligible: number;
  scored: number;
  voted: number;
  lastRemindedAt: string | null;
  outcome: 'recommended' | 'not_recommended' | 'no_quorum' | null;
  tally: Tally | null;
  rule: AppliedRule | null;
  closedAt: string | null;
}

export interface RemindersResultView extends CommandResult {
  reminded: string[];
}

/** GET /councils/{id}. */
export interface CouncilView {
  councilId: string;
  name: string;
  unitId: string;
  level: string;
  members: { userId: string; role: 'chair' | 'vice_chair' | 'secretary' | 'member' }[];
  version: number;
}

export interface QueueFilters {
  status: string;
  q?: string;
  field?: string;
  level?: string;
  movementId?: string;
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
  read<Page<InitiativeListItem>>('/initiatives', { status: f.status, q: f.q, field: f.field, level: f.level, movementId: f.movementId, year: f.year, cursor: f.cursor, limit: 20 });
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
