import type { Pool } from 'pg';
import type { EventStore } from '@laurel/event-store';
import { migrateProjectionStore, ProjectionRunner, ProjectionTables, type Projection } from '@laurel/projections';
import { activeReadModel, swapIn } from './active-version';
import { DeferredIndexes } from './deferred-indexes';

export interface RebuildProgress {
  projection: string;
  version: number;
  done: number;
  total: number;
  seconds: number;
}

export interface RebuildResult {
  projection: string;
  version: number;
  events: number;
  seconds: number;
}

/**
 * Rebuilds a read model from the log into a fresh table version while the live one keeps answering,
 * then swaps it in (views and projection_active in one transaction) once it has caught up. Its
 * secondary indexes are built at the end rather than maintained row by row (DeferredIndexes).
 */
export async function rebuildReadModel(
  pool: Pool,
  store: EventStore,
  projection: Projection,
  options: {
    batchSize?: number;
    /** How long one batch may hold its transaction (RunnerSettings.batchBudgetMs); default that of the runner. */
    batchBudgetMs?: number;
    onProgress?: (progress: RebuildProgress) => void;
    timeoutMs?: number;
  } = {},
): Promise<RebuildResult> {
  await migrateProjectionStore(pool);
  const version = await freshVersion(pool, projection);
  // Through the port, so it counts the configured store's log (on KurrentDB a filtered read of it).
  const total = await store.countAll({ filter: projection.filter });
  const started = Date.now();
  let done = 0;
  const report = () => options.onProgress?.({ projection: projection.name, version, done, total: Math.max(total, done), seconds: (Date.now() - started) / 1000 });
  let failure: unknown;
  // A version that queries already read (the first one ever is active at once) keeps its indexes.
  const indexes = (await activeReadModel(pool, projection.name)) ? new DeferredIndexes(projection, new ProjectionTables(projection.name, version)) : undefined;
  const runner = new ProjectionRunner(pool, store, projection, {
    batchSize: options.batchSize ?? 5000,
    ...(options.batchBudgetMs === undefined ? {} : { batchBudgetMs: options.batchBudgetMs }),
    leaseRetryMs: 200,
    onBatch: (_name, applied) => {
      done += applied;
      report();
    },
    onError: (_name, error) => (failure = error),
    ...(indexes ? { afterSetup: (db) => indexes.drop(db) } : {}),
  }, version);
  runner.start();
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
    while (!runner.status.caughtUp) {
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`${projection.name}: rebuild did not catch up in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Indexes are built once, over the whole table, while the runner keeps following the log.
    await indexes?.restore(pool);
    await swapIn(pool, projection, version);
  } finally {
    await runner.stop();
  }
  report();
  return { projection: projection.name, version, events: done, seconds: (Date.now() - started) / 1000 };
}

/** A version number no earlier run has used: above every stored one and at least the code's. */
async function freshVersion(pool: Pool, projection: Projection): Promise<number> {
  const { rows } = await pool.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM (
       SELECT version FROM projection_checkpoints WHERE projection = $1 UNION ALL SELECT version FROM projection_active WHERE projection = $1) v`,
    [projection.name],
  );
  return Math.max((rows[0]?.version ?? 0) + 1, projection.version);
}
