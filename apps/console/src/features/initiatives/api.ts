import type { BodyOf, CommandResult, Schemas } from '../../api/types';
import { api, readOwnWrites } from '../../lib/api';

/*
 * The officer's requests and the API views they read, typed by the OpenAPI document
 * (src/api/schema.d.ts): each name below aliases the schema its route answers with, so the
 * console and the API cannot drift.
 */

export type Author = Schemas['AuthorView'];

/** One row of GET /initiatives (InitiativeListPage items). */
export type InitiativeListItem = Schemas['InitiativeListItemView'];

/** A document of the dossier: its kind (`name`), the file's SHA-256 and what the browser knew of the file. */
export type DossierDocument = Schemas['DossierDocumentView'];

export type NextTransition = Schemas['NextTransitionView'];

export type Replication = Schemas['ReplicationView'];

/** The open (or last) review of GET /initiatives/{id}. */
export type ReviewSummary = Schemas['ReviewView'];

export type Recognition = Schemas['RecognitionView'];

/** GET /initiatives/{id}: the initiative now. */
export type InitiativeView = Schemas['InitiativeView'];

/** One entry of GET /initiatives/{id}/history. */
export type HistoryEntry = Schemas['HistoryEntryView'];

/** GET /initiatives/{id}/history. */
export type InitiativeHistory = Schemas['InitiativeHistoryView'];

/** GET /movements items. */
export type Movement = Schemas['MovementListItemView'];

/** GET /movements/{id}. */
export type MovementDetail = Schemas['MovementView'];

/** GET /councils items (ActiveCouncil). */
export type Council = Schemas['CouncilSummaryView'];

/** GET /workflows/{id}/versions/{v}. */
export type WorkflowDefinition = Schemas['WorkflowDefinitionView'];

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
  api<Schemas['InitiativeListPage']>('GET', '/initiatives', { query: { ...filters, limit: PAGE_SIZE }, minPosition: readOwnWrites(), signal });

// The detail and the history fold the initiative's stream: always current, no position to wait for.
export const getInitiative = (id: string, signal?: AbortSignal) => api<InitiativeView>('GET', `/initiatives/${encodeURIComponent(id)}`, { signal });
export const getHistory = (id: string, signal?: AbortSignal) => api<InitiativeHistory>('GET', `/initiatives/${encodeURIComponent(id)}/history`, { signal });

export const listMovements = (signal?: AbortSignal) => api<Schemas['MovementPage']>('GET', '/movements', { query: { limit: 200 }, signal });
/** Councils, those of one unit when `unitId` is given (the movement's organiser: where its nominations go). */
export const listCouncils = (unitId: string | undefined, signal?: AbortSignal) => api<Schemas['CouncilPage']>('GET', '/councils', { query: { limit: 200, unitId }, signal });
export const getMovement = (movementId: string, signal?: AbortSignal) => api<MovementDetail>('GET', `/movements/${encodeURIComponent(movementId)}`, { signal });
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

// The request bodies stay local (the forms build them); the API must accept each as sent, so a drift
// in the document breaks the build here.
type Accepts<Api, Sent extends Api> = Sent;
export type RegisterBodyAccepted = Accepts<BodyOf<'RegistrationController_register'>, RegisterBody>;
export type NominationBodyAccepted = Accepts<BodyOf<'DossierController_nominate'>, NominationBody>;

const command = <T = CommandResult>(path: string, body: object, idempotencyKey: string) => api<T>('POST', path, { body, idempotencyKey });
const on = (id: string, suffix: string) => `/initiatives/${encodeURIComponent(id)}${suffix}`;

export const registerInitiative = (body: RegisterBody, key: string) => command('/initiatives', body, key);
export const reportProgress = (id: string, body: { summary: string; indicators?: Record<string, unknown> }, key: string) =>
  command<Schemas['ProgressReportResult']>(on(id, '/progress-reports'), body, key);
export const submitSelfAssessment = (id: string, body: { summary: string; selfScore?: number }, key: string) => command(on(id, '/self-assessment'), body, key);
export const nominate = (id: string, body: NominationBody, key: string) => command(on(id, '/nomination'), body, key);
export const resubmit = (id: string, body: { statement?: string; documents?: DossierDocument[] }, key: string) => command(on(id, '/resubmission'), body, key);
export const withdraw = (id: string, body: { reason: string }, key: string) => command(on(id, '/withdrawal'), body, key);
export const reportReplication = (id: string, body: { adoptingUnitId: string; startedOn: string; note?: string }, key: string) =>
  command<Schemas['ReplicationResult']>(on(id, '/replications'), body, key);
export const recordReplicationResult = (id: string, replicationId: string, body: { outcome: string; indicators?: Record<string, unknown> }, key: string) =>
  command(on(id, `/replications/${encodeURIComponent(replicationId)}/results`), body, key);
export const escalate = (id: string, body: { councilId: string }, key: string) => command(on(id, '/escalation'), body, key);
