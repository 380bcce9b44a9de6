import type { Pool } from 'pg';
import { PostgresEventStore, type EventStore } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import type { Page, PageRequest } from '../pagination';
import { auditLogProjection } from './audit-log.projection';
import { auditLog, auditLogFromLog, type AuditEntry, type AuditFilter } from './audit-log.reader';
import { auditTimesProjection } from './audit-times.projection';

/** Where GET /audit/events and its CSV read, and the read model they wait for. */
export interface AuditSource {
  readonly projection: Projection;
  page(db: Pool, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

/**
 * On PostgreSQL the audit log is the log itself (es_events, already indexed for its filters), with
 * `audit_times` to place time windows: no copy of every event (1.4 GB per million events) to write,
 * keep and rebuild. On other stores (KurrentDB, in memory) the log is not in the read database, so
 * the `audit_log` read model keeps a copy there.
 */
export const AUDIT_FROM_LOG: AuditSource = { projection: auditTimesProjection, page: (db, filter, page) => auditLogFromLog(db, filter, page) };
export const AUDIT_FROM_COPY: AuditSource = { projection: auditLogProjection, page: (db, filter, page) => auditLog(db, filter, page) };

export function auditSourceFor(store: EventStore): AuditSource {
  return store instanceof PostgresEventStore ? AUDIT_FROM_LOG : AUDIT_FROM_COPY;
}
