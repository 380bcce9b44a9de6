import type { Pool } from 'pg';
import type { EventMetadata, Position } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { AUDIT_LOG_VIEW, withoutBallotSecrets } from './audit-log.projection';

export { withoutBallotSecrets } from './audit-log.projection';

export interface AuditFilter {
  actorId?: string;
  type?: string;
  stream?: string;
  /** Recorded at or after (ISO instant). */
  from?: string;
  /** Recorded before (ISO instant). */
  to?: string;
}

export interface AuditEntry {
  position: string;
  streamName: string;
  streamVersion: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

interface Row {
  position: string;
  stream_name: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** The last entry's position in the log. */
const AUDIT_CURSOR = cursorCodec('position');

const COLUMNS = 'position, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at';

/**
 * The audit log's one query: a page of the `audit_log` read model (`source`: its view, or a table
 * version) in log order, filtered. Its shape lives here alone.
 */
export function auditLogQuery(source: string, filter: AuditFilter, page: PageRequest): { text: string; values: unknown[] } {
  const where = new Conditions()
    .add((p) => `actor_id = ${p}`, filter.actorId)
    .add((p) => `event_type = ${p}`, filter.type)
    .add((p) => `stream_name = ${p}`, filter.stream)
    .add((p) => `recorded_at >= ${p}::timestamptz`, filter.from)
    .add((p) => `recorded_at < ${p}::timestamptz`, filter.to);
  const cursor = page.cursor === undefined ? undefined : AUDIT_CURSOR.decode(page.cursor)[0];
  const limit = page.limit + 1;
  const windowed = filter.from !== undefined || filter.to !== undefined;
  if (!windowed) {
    if (cursor !== undefined) where.add((p) => `position > ${p}`, cursor);
    return { text: `SELECT ${COLUMNS} FROM ${source} ${where.where} ORDER BY position LIMIT ${limit}`, values: where.values };
  }
  // A time window: the range of (recorded_max, position) that holds it (audit-log.projection.ts),
  // walked in that order — the log's — from the cursor, so a page costs its rows whatever the log.
  where
    .add((p) => `recorded_max >= ${p}::timestamptz`, filter.from)
    .add((p) => `recorded_max < ${p}::timestamptz + (SELECT late_ms FROM ${source} ORDER BY position DESC LIMIT 1) * interval '1 millisecond'`, filter.to);
  if (cursor !== undefined) {
    const at = where.param(cursor);
    where.raw(`(recorded_max, position) > (coalesce((SELECT recorded_max FROM ${source} WHERE position <= ${at} ORDER BY position DESC LIMIT 1), '-infinity'), ${at})`);
  }
  return { text: `SELECT ${COLUMNS} FROM ${source} ${where.where} ORDER BY recorded_max, position LIMIT ${limit}`, values: where.values };
}

/**
 * The log in global order, with metadata, from the `audit_log` read model (any event store). A page
 * never misses an event: the projection writes the log in order, so an event not there yet comes
 * after every cursor already handed out. Callers wait for the read model first (ReadModelGate).
 */
export async function auditLog(db: Pool, filter: AuditFilter, page: PageRequest, source = AUDIT_LOG_VIEW): Promise<Page<AuditEntry>> {
  const { rows } = await db.query<Row>(auditLogQuery(source, filter, page));
  return pageOf(rows, page.limit, AUDIT_CURSOR, (r) => [r.position as Position], (r) => ({
    position: r.position,
    streamName: r.stream_name,
    streamVersion: Number(r.stream_version),
    eventId: r.event_id,
    type: r.event_type,
    // Stripped when written; again here, for a table written before a key joined SECRET_KEYS.
    data: withoutBallotSecrets(r.data),
    metadata: withoutBallotSecrets(r.metadata),
    recordedAt: r.recorded_at.toISOString(),
  }));
}
