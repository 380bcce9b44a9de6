import type { Pool } from 'pg';
import { readLogPage, START, type EventMetadata, type Position } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { AUDIT_LOG_VIEW, withoutBallotSecrets } from './audit-log.projection';
import { AUDIT_TIMES_VIEWS } from './audit-times.projection';

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

interface Bounds {
  head: string | null;
  /** The head's recording maximum is before `from`: the window is past everything seen. */
  before_all: boolean | null;
  /** The last mark before `from`: the window lies after it. */
  lower: string | null;
  /** The first mark at or past `to` plus the head's lateness: the window lies before it. */
  upper: string | null;
}

/**
 * The audit log straight from PostgreSQL's log (`readLogPage`): in log order, filtered, up to the
 * head of the `audit_times` read model — a position the feed had passed, so no event before it can
 * still commit and a page never misses one. A time window is narrowed to the range of the log that
 * holds it by the marks of `audit_times` (audit-times.projection.ts) and walked in log order from
 * the cursor, so its page costs its rows whatever the log. Callers wait for `audit_times` first
 * (ReadModelGate.readCurrent), as for any read model.
 */
export async function auditLogFromLog(db: Pool, filter: AuditFilter, page: PageRequest, views: { marks: string; head: string } = AUDIT_TIMES_VIEWS): Promise<Page<AuditEntry>> {
  const cursor = page.cursor === undefined ? START : (AUDIT_CURSOR.decode(page.cursor)[0] as Position);
  const { rows } = await db.query<Bounds>(
    `SELECT h.position AS head, h.recorded_max < $1::timestamptz AS before_all,
       (SELECT position FROM ${views.marks} WHERE recorded_max < $1::timestamptz ORDER BY recorded_max DESC, position DESC LIMIT 1) AS lower,
       (SELECT position FROM ${views.marks} WHERE recorded_max >= $2::timestamptz + h.late_ms * interval '1 millisecond' ORDER BY recorded_max, position LIMIT 1) AS upper
     FROM ${views.head} h`,
    [filter.from ?? null, filter.to ?? null],
  );
  const bounds = rows[0];
  if (!bounds?.head || bounds.before_all) return { items: [], nextCursor: null };
  const after = bounds.lower !== null && bounds.lower > cursor ? (bounds.lower as Position) : cursor;
  const events = await readLogPage(db, {
    after,
    upTo: (bounds.upper ?? bounds.head) as Position,
    upToExclusive: bounds.upper !== null,
    actorId: filter.actorId,
    type: filter.type,
    stream: filter.stream,
    from: filter.from,
    to: filter.to,
    limit: page.limit + 1,
  });
  return pageOf(events, page.limit, AUDIT_CURSOR, (e) => [e.position], (e) => ({
    position: e.position,
    streamName: e.streamName,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    type: e.type,
    data: withoutBallotSecrets(e.data),
    metadata: withoutBallotSecrets(e.metadata),
    recordedAt: e.recordedAt,
  }));
}
