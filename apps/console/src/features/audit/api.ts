import { api, download, type Page } from '../../lib/api';

/*
 * The API's views this feature reads, declared by hand and named like the API's (the integrator
 * switches them to the types generated from the OpenAPI document).
 */

/** Who recorded an event (its metadata's actor). */
export interface HistoryActor {
  id: string;
  role: string | null;
  unitId: string | null;
}

/** One entry of `GET /initiatives/{id}/history` (apps/api/src/initiatives/initiative-view.ts historyEntry). */
export interface HistoryEntry {
  version: number;
  position: string;
  type: string;
  recordedAt: string;
  occurredAt: string;
  actor: HistoryActor | null;
  command: string | null;
  definition: { id: string; version: number | null } | null;
  reason: string | null;
  data: Record<string, unknown>;
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

/** The part of the initiative view (initiativeView) the dossier-as-it-was shows. */
export interface InitiativeView {
  id: string;
  version: number;
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: { name: string; userId?: string }[];
  stage: string;
  stageLabel: string | null;
  final: boolean;
  definition: { id: string; version: number };
  level: string | null;
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  dossier: { statement?: string; documents?: { name: string; sha256: string }[] } | null;
  reviews: { reviewId: string; cycle: number; status: string; councilId: string; secretBallot: boolean; outcome?: string; tally?: Tally }[];
  awards: { decisionNo: string; level: string; awardForm: string; decidedOn: string; signedBy: string }[];
  publications: { channel: string; url?: string; publishedAt: string }[];
  withdrawal: { reason: string } | null;
}

/** `GET /initiatives/{id}/history` (GetHistoryHandler). */
export interface InitiativeHistory {
  id: string;
  /** The version shown (events up to and including it). */
  version: number;
  currentVersion: number;
  asOf: string | null;
  state: InitiativeView | null;
  events: HistoryEntry[];
}

/** One entry of `GET /audit/events` (read-models AuditEntry). */
export interface AuditEntry {
  position: string;
  streamName: string;
  streamVersion: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: { actor?: { id: string; role?: string; unitId?: string }; correlationId?: string; workflowDefinitionId?: string; workflowDefinitionVersion?: number; [key: string]: unknown };
  recordedAt: string;
}

export const AUDIT_FILTERS = ['actorId', 'type', 'stream', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

export const auditKeys = {
  history: (id: string, version?: number) => ['audit', 'history', id, version ?? 'now'] as const,
  events: (filters: AuditFilters, cursor: string | null) => ['audit', 'events', filters, cursor] as const,
};

export const fetchHistory = (id: string, version?: number) =>
  api<InitiativeHistory>('GET', `/initiatives/${encodeURIComponent(id)}/history`, { query: { version } });

export const fetchAuditEvents = (filters: AuditFilters, cursor: string | null, limit = 50) =>
  api<Page<AuditEntry>>('GET', '/audit/events', { query: { ...filters, cursor, limit } });

/** The audit log of the same filters as CSV (every page). */
export const downloadAuditCsv = (filters: AuditFilters) => download('/audit/events.csv', 'audit-events.csv', { query: { ...filters } });

/** The whole decision history of an initiative as the API answers it (JSON). */
export const downloadHistoryJson = (id: string) => download(`/initiatives/${encodeURIComponent(id)}/history`, `history-${id}.json`);
