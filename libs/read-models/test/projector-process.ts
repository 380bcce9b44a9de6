/**
 * A projector process for the crash test: runs the read models' runners under renamed projections
 * (`<prefix>_<name>`, so their tables are the test's own) until it is killed.
 *
 *   node -r ./ts-register.cjs projector-process.ts <prefix> <batchSize>
 */
import { Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { ProjectionRunner } from '@laurel/projections';
import { readModelsFor } from '../src/catalogue';

async function main(): Promise<void> {
  const [prefix, batchSize] = process.argv.slice(2);
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
  const store = await PostgresEventStore.connect({ pool });
  const runners = readModelsFor(store).map((p) => new ProjectionRunner(pool, store, { ...p, name: `${prefix}_${p.name}` }, { batchSize: Number(batchSize), leaseRetryMs: 100 }));
  runners.forEach((r) => r.start());
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void Promise.all(runners.map((r) => r.stop())).then(() => pool.end()).then(() => process.exit(0));
  });
}

void main();
