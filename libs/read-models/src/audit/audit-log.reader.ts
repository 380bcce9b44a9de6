import type { Pool } from 'pg';
import { decodePosition, encodePosition, type EventMetadata } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';

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

/** Keys whose value would tell what a member chose in a secret ballot: never leave the store. */
const SECRET_KEYS = new Set(['sealedChoice', 'sealedChoices', 'revealedChoices']);

/** A deep copy without any secret-ballot choice, wherever it sits. */
export function withoutBallotSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutBallotSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, v]) => [k, withoutBallotSecrets(v)])) as T;
}

interface Row {
  transaction_id: string;
  global_position: string;
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

/**
 * The raw log in global order, read from es_events. Like the feed, it reads only below the oldest
 * running transaction, so a page never misses an event that commits later with a lower position.
 */
export async function auditLog(db: Pool, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
  const where = new Conditions()
    .raw('transaction_id < pg_snapshot_xmin(pg_current_snapshot())')
    .add((p) => `metadata->'actor'->>'id' = ${p}`, filter.actorId)
    .add((p) => `event_type = ${p}`, filter.type)
    .add((p) => `stream_name = ${p}`, filter.stream)
    .add((p) => `recorded_at >= ${p}::timestamptz`, filter.from)
    .add((p) => `recorded_at < ${p}::timestamptz`, filter.to);
  if (page.cursor !== undefined) {
    const { major, minor } = decodePosition(AUDIT_CURSOR.decode(page.cursor)[0]);
    where.add((p) => `(transaction_id, global_position) > (${p}::text::xid8, ${where.param(minor.toString())}::bigint)`, major.toString());
  }
  // ORDER BY names the table's columns: a bare `transaction_id` would be the output column, the
  // text cast, sorted as text (not by the index, and '10' before '9').
  const columns = 'transaction_id::text, global_position, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at';
  // A time window late in the log: walking the log order from the start until the window would read
  // all of it, so the window's keys are taken by the recorded_at index first and sorted (cost grows
  // with the events in the window, not with the log).
  const windowed = filter.from !== undefined || filter.to !== undefined;
  const sql = windowed
    ? `WITH w AS MATERIALIZED (SELECT transaction_id AS xid, global_position AS gp FROM es_events ${where.where}),
            page AS (SELECT xid, gp FROM w ORDER BY xid, gp LIMIT ${page.limit + 1})
       SELECT ${columns.split(', ').map((c) => `e.${c}`).join(', ')} FROM page JOIN es_events e ON e.transaction_id = page.xid AND e.global_position = page.gp
        ORDER BY page.xid, page.gp`
    : `SELECT ${columns} FROM es_events ${where.where} ORDER BY es_events.transaction_id, es_events.global_position LIMIT ${page.limit + 1}`;
  const { rows } = await db.query<Row>(sql, where.values);
  const position = (r: Row) => encodePosition(BigInt(r.transaction_id), BigInt(r.global_position));
  return pageOf(rows, page.limit, AUDIT_CURSOR, (r) => [position(r)], (r) => ({
    position: position(r),
    streamName: r.stream_name,
    streamVersion: Number(r.stream_version),
    eventId: r.event_id,
    type: r.event_type,
    data: withoutBallotSecrets(r.data),
    metadata: withoutBallotSecrets(r.metadata),
    recordedAt: r.recorded_at.toISOString(),
  }));
}
