import { api, readOwnWrites, type CommandResult, type Page } from '../../lib/api';

/*
 * The officer's requests and the API views they read. The types are declared here, named like the
 * API's views (GET /initiatives → InitiativeListItem, GET /initiatives/{id} → InitiativeView, …);
 * the integrator switches them to the types generated from the OpenAPI document.
 */

export interface Author {
  name: string;
  userId?: string;
}

/** One row of GET /initiatives. */
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
  authors: Author[];
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

/** A document of the dossier: its kind (`name`), the file's SHA-256 and what the browser knew of the file. */
export interface DossierDocument {
  name: string;
  sha256: string;
  url?: string;
  fileName?: string;
  size?: number;
  mediaType?: string;
}

export interface NextTransition {
  command: string;
  outcome: string | null;
  to: string;
  roles: string[];
}

export interface Replication {
  replicationId: string;
  adoptingUnitId: string;
  startedOn: string;
  note?: string;
  level: string;
  results: { outcome: string; indicators?: Record<string, unknown>; recordedAt: string }[];
}

export interface ReviewSummary {
  reviewId: string;
  cycle: number;
  status: 'open' | 'closed';
  councilId: string;
  level: string;
  deadline: string;
  openedAt: string;
  secretBallot: boolean;
  outcome?: string;
  closedAt?: string;
  tally?: Record<string, unknown>;
}

export interface Recognition {
  level: string;
  awardForm: string;
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  revoked: boolean;
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
  authors: Author[];
  status: string;
  stage: string;
  stageLabel: string | null;
  final: boolean;
  next: NextTransition[];
  definition: { id: string; version: number };
  level: string | null;
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  progressReports: { reportId: string; summary: string; indicators?: Record<string, unknown>; reportedAt: string }[];
  selfAssessment: { summary: string; selfScore?: number; submittedAt: string } | null;
  dossier: { statement?: string; documents: DossierDocument[] };
  review: ReviewSummary | null;
  awards: Recognition[];
  replications: Replication[];
  distinctAdopters: number;
  publications: { channel: string; url?: string; publishedAt: string }[];
  withdrawal: { reason: string; withdrawnAt: string } | null;
}

/** One entry of GET /initiatives/{id}/history. */
export interface HistoryEntry {
  version: number;
  position: string;
  type: string;
  recordedAt: string;
  occurredAt: string;
  actor: { id: string; role: string | null; unitId: string | null } | null;
  command: string | null;
  definition: { id: string; version: number | null } | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** GET /initiatives/{id}/history. */
export interface InitiativeHistory {
  id: string;
  version: number;
  currentVersion: number;
  asOf: string | null;
  events: HistoryEntry[];
}

/** GET /movements items. */
export interface Movement {
  movementId: string;
  title: string;
  organizerUnitId: string;
  kind: 'regular' | 'thematic';
  fields: string[];
  startsOn: string;
  endsOn: string;
  workflowId: string;
  status: 'draft' | 'launched' | 'closed';
}

/** GET /councils items (ActiveCouncil). */
export interface Council {
  councilId: string;
  name: string;
  unitId: string;
  level: string;
}

/** GET /workflows/{id}/versions/{v}: only what the forms need. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  title: string;
  parameters: { requiredDocuments?: string[]; awardForms?: string[] };
}

export type ListFilters = Partial<Record<'movementId' | 'unitId' | 'level' | 'field' | 'status' | 'year' | 'q' | 'sort' | 'cursor', string>>;

export const initiativeKeys = {
  all: ['initiatives'] as const,
  list: (filters: ListFilters) => ['initiatives', 'list', filters] as const,
  detail: (id: string) => ['initiatives', 'detail', id] as const,
  history: (id: string) => ['initiatives', 'history', id] as const,
  movements: ['initiatives', 'movements'] as const,
  councils: (unitId?: string) => ['initiatives', 'councils', unitId ?? ''] as const,
  movement: (movementId: string) => ['initiatives', 'movement', movementId] as const,
  definition: (id: string, version: number) => ['initiatives', 'definition', id, version] as const,
};

export const PAGE_SIZE = 25;

// Read-model queries pass the last command's position: the list shows what this tab just wrote.
export const listInitiatives = (filters: ListFilters, signal?: AbortSignal) =>
  api<Page<InitiativeListItem>>('GET', '/initiatives', { query: { ...filters, limit: PAGE_SIZE }, minPosition: readOwnWrites(), signal });

// The detail and the history fold the initiative's stream: always current, no position to wait for.
export const getInitiative = (id: string, signal?: AbortSignal) => api<InitiativeView>('GET', `/initiatives/${encodeURIComponent(id)}`, { signal });
export const getHistory = (id: string, signal?: AbortSignal) => api<InitiativeHistory>('GET', `/initiatives/${encodeURIComponent(id)}/history`, { signal });

export const listMovements = (signal?: AbortSignal) => api<Page<Movement>>('GET', '/movements', { query: { limit: 200 }, signal });
/** Councils, those of one unit when `unitId` is given (the movement's organiser: where its nominations go). */
export const listCouncils = (unitId: string | undefined, signal?: AbortSignal) => api<Page<Council>>('GET', '/councils', { query: { limit: 200, unitId }, signal });
export const getMovement = (movementId: string, signal?: AbortSignal) => api<Movement>('GET', `/movements/${encodeURIComponent(movementId)}`, { signal });
export const getDefinition = (id: string, version: number, signal?: AbortSignal) =>
  api<WorkflowDefinition>('GET', `/workflows/${encodeURIComponent(id)}/versions/${version}`, { signal });

// ── Commands: each takes the Idempotency-Key of its form submission ─────────────────────────────

export interface RegisterBody {
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: Author[];
}

export interface NominationBody {
  awardForm: string;
  councilId: string;
  statement: string;
  documents: DossierDocument[];
}

const command = <T = CommandResult>(path: string, body: object, idempotencyKey: string) => api<T>('POST', path, { body, idempotencyKey });
const on = (id: string, suffix: string) => `/initiatives/${encodeURIComponent(id)}${suffix}`;

export const registerInitiative = (body: RegisterBody, key: string) => command('/initiatives', body, key);
export const reportProgress = (id: string, body: { summary: string; indicators?: Record<string, unknown> }, key: string) =>
  command<CommandResult & { reportId: string }>(on(id, '/progress-reports'), body, key);
export const submitSelfAssessment = (id: string, body: { summary: string; selfScore?: number }, key: string) => command(on(id, '/self-assessment'), body, key);
export const nominate = (id: string, body: NominationBody, key: string) => command(on(id, '/nomination'), body, key);
export const resubmit = (id: string, body: { statement?: string; documents?: DossierDocument[] }, key: string) => command(on(id, '/resubmission'), body, key);
export const withdraw = (id: string, body: { reason: string }, key: string) => command(on(id, '/withdrawal'), body, key);
export const reportReplication = (id: string, body: { adoptingUnitId: string; startedOn: string; note?: string }, key: string) =>
  command<CommandResult & { replicationId: string }>(on(id, '/replications'), body, key);
export const recordReplicationResult = (id: string, replicationId: string, body: { outcome: string; indicators?: Record<string, unknown> }, key: string) =>
  command(on(id, `/replications/${encodeURIComponent(replicationId)}/results`), body, key);
export const escalate = (id: string, body: { councilId: string }, key: string) => command(on(id, '/escalation'), body, key);
