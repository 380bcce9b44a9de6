import type { Pool } from 'pg';
import { START } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { activeReadModel, feedRange } from './active-version';

export interface ProjectionLag {
  projection: string;
  version: number | null;
  /** Events the read model reads that it has not applied yet (counted up to `COUNT_CAP`). */
  events: number;
  /** Age of the oldest of them: how stale the read model is. 0 when caught up. */
  seconds: number;
}

const COUNT_CAP = 1_000_000;

/** How far the active version of a read model is behind the log. */
export async function projectionLag(pool: Pool, projection: Projection): Promise<ProjectionLag> {
  const active = await activeReadModel(pool, projection.name);
  const range = feedRange(active?.checkpoint ?? START, null, projection.filter);
  const { rows } = await pool.query<{ events: string; oldest: Date | null }>(
    `SELECT count(*) AS events, min(recorded_at) AS oldest
       FROM (SELECT recorded_at FROM es_events WHERE ${range.where} ORDER BY transaction_id, global_position LIMIT ${COUNT_CAP}) pending`,
    range.values,
  );
  const oldest = rows[0].oldest;
  return {
    projection: projection.name,
    version: active?.version ?? null,
    events: Number(rows[0].events),
    seconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
  };
}
