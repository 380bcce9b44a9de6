import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '../event-store.port';
import { decodePosition, START, type Position } from '../position';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './event-row';

/**
 * One page of the PostgreSQL log in global order, filtered as the audit log filters it: what
 * `GET /audit/events` serves on PostgreSQL, straight from the log rather than from a copy of it.
 * Every filter but the time window is one index of the table (migration 004: actor, type; the
 * stream by the primary key), each ordered by the global order, so a page costs its rows; the
 * window is a filter over the range of positions the caller narrowed it to.
 */
export interface LogPageQuery {
  /** Events strictly after this position (START: from the beginning). */
  after: Position;
  /**
   * Events up to this position: inclusive, or exclusive with `upToExclusive`. The caller passes a
   * position below the feed's horizon (a projection checkpoint), so no event before it can still
   * commit: a page never misses an event that a later page would have had to hold.
   */
  upTo: Position;
  upToExclusive?: boolean;
  actorId?: string;
  type?: string;
  stream?: string;
  /** Recorded at or after (ISO instant). */
  from?: string;
  /** Recorded before (ISO instant). */
  to?: string;
  limit: number;
}

/** The statement of a page (its shape lives here alone; tests look at its plan). */
export function logPageStatement(q: LogPageQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const at = (position: Position): string => {
    const { major, minor } = decodePosition(position);
    return `(${param(major.toString())}::text::xid8, ${param(minor.toString())}::bigint)`;
  };
  const where: string[] = [];
  if (q.after !== START) where.push(`(transaction_id, global_position) > ${at(q.after)}`);
  where.push(`(transaction_id, global_position) ${q.upToExclusive ? '<' : '<='} ${at(q.upTo)}`);
  // The actor as the index es_events_actor holds it.
  if (q.actorId !== undefined) where.push(`metadata->'actor'->>'id' = ${param(q.actorId)}`);
  if (q.type !== undefined) where.push(`event_type = ${param(q.type)}`);
  if (q.stream !== undefined) where.push(`stream_name = ${param(q.stream)}`);
  // A window is a filter, not an index: the caller has narrowed the positions to the range that
  // holds it (audit_times' marks). Offered es_events_recorded, the planner misjudges how many rows
  // match (recording time and position go together) and intersects two bitmaps, then sorts the
  // window: 31 ms against 0.1 ms for the ordered range at 23 M events. `+ interval '0'` keeps the
  // index out of the choice.
  if (q.from !== undefined) where.push(`recorded_at + interval '0' >= ${param(q.from)}::timestamptz`);
  if (q.to !== undefined) where.push(`recorded_at + interval '0' < ${param(q.to)}::timestamptz`);
  return {
    text: `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where.join(' AND ')}
            ORDER BY transaction_id, global_position LIMIT ${Math.max(1, Math.floor(q.limit))}`,
    values,
  };
}

export async function readLogPage(db: Pool | PoolClient, q: LogPageQuery): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(logPageStatement(q));
  return rows.map(toRecorded);
}
