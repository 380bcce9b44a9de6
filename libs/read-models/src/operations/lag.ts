import type { Pool } from 'pg';
import { START, type EventStore } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { activeReadModel } from './active-version';

export interface ProjectionLag {
  projection: string;
  version: number | null;
  /** Events the read model reads that it has not applied yet (counted up to `COUNT_CAP`). */
  events: number;
  /** Age of the oldest of them: how stale the read model is. 0 when caught up. */
  seconds: number;
}

/** Lag is counted up to here (on KurrentDB, counting reads the events: see EventStore.countAll). */
export const LAG_COUNT_CAP = 1_000_000;

/** How far the active version of a read model is behind the log, through the port (any adapter). */
export async function projectionLag(pool: Pool, store: EventStore, projection: Projection): Promise<ProjectionLag> {
  const active = await activeReadModel(pool, projection.name);
  const after = active?.checkpoint ?? START;
  const oldest = (await store.readAll({ after, batchSize: 1, filter: projection.filter })).events[0];
  const events = oldest ? await store.countAll({ after, filter: projection.filter, limit: LAG_COUNT_CAP }) : 0;
  return {
    projection: projection.name,
    version: active?.version ?? null,
    events,
    seconds: oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1000) : 0,
  };
}
