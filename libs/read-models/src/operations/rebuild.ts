import type { Pool } from 'pg';
import type { EventStore } from '@laurel/event-store';
import { migrateProjectionStore, ProjectionRunner, type Projection } from '@laurel/projections';
import { swapIn } from './active-version';

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
 * then swaps it in (views and projection_active in one transaction) once it has caught up.
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
  const runner = new ProjectionRunner(pool, store, projection, {
    batchSize: options.batchSize ?? 5000,
    ...(options.batchBudgetMs === undefined ? {} : { batchBudgetMs: options.batchBudgetMs }),
    leaseRetryMs: 200,
    onBatch: (_name, applied) => {
      done += applied;
      report();
    },
    onError: (_name, error) => (failure = error),
  }, version);
  runner.start();
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
    while (!runner.status.caughtUp) {
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`${projection.name}: rebuild did not catch up in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
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
