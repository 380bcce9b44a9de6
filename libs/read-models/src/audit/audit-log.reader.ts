import type { Pool } from 'pg';
import { decodePosition, encodePosition, type EventMetadata } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, type Page, type PageRequest } from '../pagination';

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
  recorded_us: string;
}

/** The last entry's position in the log. */
const AUDIT_CURSOR = cursorCodec('position');
/** A time window's pages: the last entry's recording instant (to the microsecond) and position. */
const WINDOW_CURSOR = cursorCodec('microtime', 'position');

/**
 * The instant before which every transaction has ended: the start of the oldest transaction still
 * open in this database (other than this statement's), or now. A transaction's events carry its
 * start as `recorded_at`, so no event recorded before the horizon can still commit. Run as its own
 * statement before the page's, whose snapshot is then taken after it: every transaction that
 * started before the horizon has finished and is visible to the page. Sessions of other roles are
 * visible here only with `pg_read_all_stats` (superusers have it); Laurel's processes share one
 * role, so the appends are always seen.
 */
const HORIZON = `SELECT least(now(), min(xact_start))::text AS horizon FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_type = 'client backend'`;

const COLUMNS = `es_events.transaction_id::text, es_events.global_position, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_us`;

/**
 * The raw log, oldest first, read from es_events.
 *
 * Without a time window it is the log's global order and reads only below the oldest running
 * transaction (pg_snapshot_xmin), like the feed: a page never misses an event that commits later
 * with a lower position.
 *
 * With a time window (`from` and/or `to`) a page is a keyset walk of the (recorded_at,
 * transaction_id, global_position) index: recording order, then log order within an instant, so a
 * page costs its rows whatever the events in the window (walking the log order to a window late in
 * the log, or sorting the window's events, grows with the log or the window). Late commits are kept
 * out by the horizon (HORIZON): only events recorded before every open transaction began are read,
 * so a later page never finds an event behind its cursor.
 */
export async function auditLog(db: Pool, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
  const windowed = filter.from !== undefined || filter.to !== undefined;
  const where = new Conditions()
    .add((p) => `metadata->'actor'->>'id' = ${p}`, filter.actorId)
    .add((p) => `event_type = ${p}`, filter.type)
    .add((p) => `stream_name = ${p}`, filter.stream)
    .add((p) => `recorded_at >= ${p}::timestamptz`, filter.from)
    .add((p) => `recorded_at < ${p}::timestamptz`, filter.to);
  let order: string;
  let key: (r: Row) => string;
  if (windowed) {
    // As text: a Date parameter would lose the microseconds.
    const horizon = (await db.query<{ horizon: string }>(HORIZON)).rows[0].horizon;
    where.add((p) => `recorded_at < ${p}::timestamptz`, horizon);
    if (page.cursor !== undefined) {
      const [at, position] = WINDOW_CURSOR.decode(page.cursor);
      const { major, minor } = decodePosition(position);
      where.add((p) => `(recorded_at, es_events.transaction_id, es_events.global_position) > (${p}::timestamptz, ${where.param(major.toString())}::text::xid8, ${where.param(minor.toString())}::bigint)`, at);
    }
    order = 'recorded_at, es_events.transaction_id, es_events.global_position';
    key = (r) => WINDOW_CURSOR.encode([r.recorded_us, position(r)]);
  } else {
    where.raw('transaction_id < pg_snapshot_xmin(pg_current_snapshot())');
    if (page.cursor !== undefined) {
      const { major, minor } = decodePosition(AUDIT_CURSOR.decode(page.cursor)[0]);
      where.add((p) => `(transaction_id, global_position) > (${p}::text::xid8, ${where.param(minor.toString())}::bigint)`, major.toString());
    }
    // ORDER BY names the table's columns: a bare `transaction_id` would be the output column, the
    // text cast, sorted as text (not by the index, and '10' before '9').
    order = 'es_events.transaction_id, es_events.global_position';
    key = (r) => AUDIT_CURSOR.encode([position(r)]);
  }
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM es_events ${where.where} ORDER BY ${order} LIMIT ${page.limit + 1}`, where.values);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      position: position(r),
      streamName: r.stream_name,
      streamVersion: Number(r.stream_version),
      eventId: r.event_id,
      type: r.event_type,
      data: withoutBallotSecrets(r.data),
      metadata: withoutBallotSecrets(r.metadata),
      recordedAt: r.recorded_at.toISOString(),
    })),
    nextCursor: rows.length > page.limit && last !== undefined ? key(last) : null,
  };
}

const position = (r: Row) => encodePosition(BigInt(r.transaction_id), BigInt(r.global_position));
