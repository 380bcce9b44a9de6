/**
 * seed:synthetic — writes a realistic synthetic history through the domain's deciders, appended
 * straight to the event store in batches (not over HTTP).
 *
 *   npm run seed:synthetic -- --initiatives 100000 [--years 7] [--seed 1]
 */
import { Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { resolveInfrastructure } from '@laurel/infra';
import { ProgressBar } from '../projections/progress-bar';
import { parseArgs } from '../bench/stats';
import { writeSyntheticHistory } from './synthetic-history';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { initiatives: 1000, years: 7, seed: 20250301, concurrency: 64 });
  const infrastructure = process.env.DATABASE_URL ? undefined : await resolveInfrastructure({ log: { info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m) } });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? infrastructure?.databaseUrl, max: 8, application_name: 'laurel-seed' });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: 2, maxAppendBatch: 200 });
  const bar = new ProgressBar('seed', 'initiatives');
  const started = Date.now();
  try {
    const result = await writeSyntheticHistory(store, {
      initiatives: args.initiatives,
      years: args.years,
      seed: args.seed,
      firstYear: new Date().getUTCFullYear() - args.years + 1,
      concurrency: args.concurrency,
      onProgress: (done, total) => bar.update(done, total, (Date.now() - started) / 1000),
    });
    bar.done();
    // A bulk load leaves the planner's statistics behind the table (and autovacuum may be off).
    await store.refreshStatisticsIfStale();
    console.log(`${args.initiatives} initiatives, ${result.events} events in ${result.seconds.toFixed(1)} s`);
  } finally {
    await store.close();
    await pool.end();
    await infrastructure?.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
