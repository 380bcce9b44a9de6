import type { Pool } from 'pg';
import { comparePositions, type Position } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { activeReadModel, feedRange } from './active-version';

/**
 * Whether a read model shows everything up to `position` (a position a command returned): its
 * checkpoint is there, or the log is settled up to `position` and no event it reads lies between its
 * checkpoint and `position` (a filtered projection does not store a checkpoint for the events it skips).
 */
export async function readModelReached(pool: Pool, projection: Projection, position: Position): Promise<boolean> {
  const active = await activeReadModel(pool, projection.name);
  if (!active) return false;
  if (comparePositions(active.checkpoint, position) >= 0) return true;
  const range = feedRange(active.checkpoint, position, projection.filter);
  // Settled: every transaction up to the position's has finished, so no event can still appear before it.
  const { rows } = await pool.query<{ settled: boolean; pending: boolean }>(
    `SELECT $5::text::xid8 < pg_snapshot_xmin(pg_current_snapshot()) AS settled, EXISTS (SELECT 1 FROM es_events WHERE ${range.where}) AS pending`,
    range.values,
  );
  return rows[0].settled && !rows[0].pending;
}

/** Polls until every given read model has reached `position`; false when `timeoutMs` passed first. */
export async function waitForReadModels(pool: Pool, projections: readonly Projection[], position: Position, timeoutMs = 5000, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...projections];
  for (;;) {
    const reached = await Promise.all(pending.map((p) => readModelReached(pool, p, position)));
    pending = pending.filter((_, i) => !reached[i]);
    if (pending.length === 0) return true;
    if (Date.now() + pollMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
