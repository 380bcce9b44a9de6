/**
 * audit:migrate-chains — applies the event store's migrations and computes the hash chains of
 * events stored before them, with a progress bar. Every process does this on start too (silently);
 * run it first on a large store to see it through.
 */
import { SingleBar, Presets } from 'cli-progress';
import { backfillHashChains, eventStoreMigrationsApply } from './chains';
import { databasePool } from './settings';

async function main(): Promise<void> {
  const pool = databasePool();
  const bar = new SingleBar({ format: 'hash chains [{bar}] {percentage}% {value}/{total} events · ETA {eta}s', stream: process.stderr }, Presets.shades_classic);
  let started = false;
  try {
    await eventStoreMigrationsApply(pool);
    const hashed = await backfillHashChains(pool, ({ done, total }) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
    if (started) bar.stop();
    process.stdout.write(`${JSON.stringify({ hashed })}\n`);
  } finally {
    await pool.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
