import { api, download } from '../../lib/api';

import type { Schemas } from '../../api/types';

/*
 * The API's views this feature reads: aliases of the types generated from the OpenAPI document
 * (apps/console/src/api/schema.d.ts), so the console and the API cannot drift.
 */

/** Who recorded an event (its metadata's actor). */
export type HistoryActor = Schemas['HistoryActorView'];

/** One entry of `GET /initiatives/{id}/history`. */
export type HistoryEntry = Schemas['HistoryEntryView'];

export type Tally = Schemas['TallyView'];

/**
 * The part of the initiative view the dossier-as-it-was shows. Kept local (a subset, so fixtures
 * stay small); the check below breaks the build if the API's InitiativeView stops satisfying it.
 */
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
const _initiativeViewCheck = (x: Schemas['InitiativeView']): InitiativeView => x;
void _initiativeViewCheck;

/** `GET /initiatives/{id}/history` (InitiativeHistoryView, with `state` narrowed to the local InitiativeView). */
export interface InitiativeHistory {
  id: string;
  /** The version shown (events up to and including it). */
  version: number;
  currentVersion: number;
  asOf: string | null;
  state: InitiativeView | null;
  events: HistoryEntry[];
}
const _initiativeHistoryCheck = (x: Schemas['InitiativeHistoryView']): InitiativeHistory => x;
void _initiativeHistoryCheck;

/** One entry of `GET /audit/events`. */
export type AuditEntry = Schemas['AuditEntryView'];

/** `GET /audit/events`. */
export type AuditLogPage = Schemas['AuditLogPage'];

export const AUDIT_FILTERS = ['actorId', 'type', 'stream', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

export const auditKeys = {
  history: (id: string, version?: number) => ['audit', 'history', id, version ?? 'now'] as const,
  events: (filters: AuditFilters, cursor: string | null) => ['audit', 'events', filters, cursor] as const,
};

export const fetchHistory = (id: string, version?: number) =>
  api<InitiativeHistory>('GET', `/initiatives/${encodeURIComponent(id)}/history`, { query: { version } });

export const fetchAuditEvents = (filters: AuditFilters, cursor: string | null, limit = 50) =>
  api<AuditLogPage>('GET', '/audit/events', { query: { ...filters, cursor, limit } });

/** The audit log of the same filters as CSV (every page). */
export const downloadAuditCsv = (filters: AuditFilters) => download('/audit/events.csv', 'audit-events.csv', { query: { ...filters } });

/** The whole decision history of an initiative as the API answers it (JSON). */
export const downloadHistoryJson = (id: string) => download(`/initiatives/${encodeURIComponent(id)}/history`, `history-${id}.json`);
