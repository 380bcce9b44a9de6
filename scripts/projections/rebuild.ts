/**
 * projections:rebuild — rebuilds read models from the log into fresh table versions and swaps each
 * in once caught up; queries keep answering from the live version meanwhile.
 *
 *   npm run projections:rebuild -- initiatives
 *   npm run projections:rebuild -- --all
 */
import { Pool } from 'pg';
import { PostgresEventStore, type EventStore } from '@laurel/event-store';
import { KurrentDbEventStore } from '@laurel/event-store/kurrentdb';
import { resolveInfrastructure } from '@laurel/infra';
import { batchSettingsFromEnv } from '@laurel/projections';
import { OTHER_STORE_READ_MODELS, POSTGRES_READ_MODELS, readModel, readModelsFor, rebuildReadModel, type RebuildResult } from '@laurel/read-models';
import { ProgressBar } from './progress-bar';

/** Rebuilds the given read models (or all those of the configured store) side by side; returns each one's result. */
export async function rebuildAll(databaseUrl: string, names: readonly string[] | 'all', quiet = false): Promise<RebuildResult[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 + (names === 'all' ? POSTGRES_READ_MODELS.length : names.length) * 2, application_name: 'laurel-rebuild' });
  pool.on('error', () => undefined);
  // The log is where EVENT_STORE says (KurrentDB after a migration); read models are always on the pool.
  const store: EventStore =
    process.env.EVENT_STORE === 'kurrentdb' ? await KurrentDbEventStore.connect({ connectionString: process.env.KURRENTDB_URL }) : await PostgresEventStore.connect({ pool });
  // PROJECTION_BATCH_SIZE / PROJECTION_BATCH_BUDGET_MS as for the projector (5000 events by default here).
  const batches = batchSettingsFromEnv(process.env, 5000);
  // A rebuild reads the whole log: with statistics far behind it (a restored dump, a bulk load,
  // autovacuum off) the planner can make each page cost the rest of the log.
  if (store instanceof PostgresEventStore && (await store.refreshStatisticsIfStale()) && !quiet) console.error("rebuild: the event log's planner statistics were stale: analyzed it first");
  try {
    // Every name is checked before any work starts.
    const projections = names === 'all' ? readModelsFor(store) : names.map((name) => readModel(name, store));
    return await Promise.all(
      projections.map((projection) => {
        const bar = new ProgressBar(projection.name.padEnd(14));
        return rebuildReadModel(pool, store, projection, {
          ...batches,
          onProgress: (p) => (quiet ? undefined : bar.update(p.done, p.total, p.seconds)),
        }).then((result) => {
          if (!quiet) {
            bar.update(result.events, result.events, result.seconds, true);
            bar.done();
          }
          return result;
        });
      }),
    );
  } finally {
    await store.close();
    await pool.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.includes('--all') ? 'all' : args.filter((a) => !a.startsWith('--'));
  const known = [...new Set([...POSTGRES_READ_MODELS, ...OTHER_STORE_READ_MODELS].map((p) => p.name))];
  if (names.length === 0) throw new Error(`usage: npm run projections:rebuild -- <${known.join('|')}|--all>`);
  const infrastructure = process.env.DATABASE_URL ? undefined : await resolveInfrastructure({ log: { info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m) } });
  try {
    const results = await rebuildAll(process.env.DATABASE_URL ?? (infrastructure as { databaseUrl: string }).databaseUrl, names);
    for (const r of results) console.log(`${r.projection}: version ${r.version} live, ${r.events} events in ${r.seconds.toFixed(1)} s (${Math.round(r.events / Math.max(r.seconds, 0.001))} events/s)`);
  } finally {
    await infrastructure?.stop();
  }
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
