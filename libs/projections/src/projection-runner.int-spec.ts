import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@laurel/event-store';
import { ProjectionRunner } from './projection-runner';
import type { Projection, ProjectionTables } from './projection';

/** Counts events per stream; idempotent because it keeps the highest stream version seen. */
function streamVersions(category: string): Projection {
  return {
    name: `test_${category}`,
    version: 1,
    tables: ['streams'],
    filter: { categories: [category] },
    async setup(db: PoolClient, t: ProjectionTables) {
      await db.query(`CREATE TABLE IF NOT EXISTS ${t.name('streams')} (stream text PRIMARY KEY, version int NOT NULL, applied int NOT NULL)`);
    },
    async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
      for (const e of events) {
        await db.query(
          `INSERT INTO ${t.name('streams')} (stream, version, applied) VALUES ($1, $2, 1)
           ON CONFLICT (stream) DO UPDATE SET version = greatest(${t.name('streams')}.version, EXCLUDED.version),
             applied = ${t.name('streams')}.applied + CASE WHEN EXCLUDED.version > ${t.name('streams')}.version THEN 1 ELSE 0 END`,
          [e.streamName, e.streamVersion],
        );
      }
    },
  };
}

describe('projection runner', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    store = await PostgresEventStore.connect({ pool });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  async function appendMany(category: string, streams: number, eventsPerStream: number) {
    for (let s = 0; s < streams; s++) {
      await store.appendToStream(
        `${category}-${s}`,
        Array.from({ length: eventsPerStream }, () => ({ eventId: randomUUID(), type: 'Happened', data: {} })),
        { expectedVersion: 'no_stream' },
      );
    }
  }

  it('applies the feed into its tables, exposes them through a view, and stores its checkpoint', async () => {
    const category = `p${randomUUID().slice(0, 8)}`;
    await appendMany(category, 5, 3);
    const projection = streamVersions(category);
    const runner = new ProjectionRunner(pool, store, projection, { batchSize: 4 });
    runner.start();
    await runner.caughtUp();
    await runner.stop();
    const { rows } = await pool.query(`SELECT stream, version, applied FROM rm_test_${category}_streams ORDER BY stream`);
    expect(rows).toEqual(Array.from({ length: 5 }, (_, s) => ({ stream: `${category}-${s}`, version: 3, applied: 3 })));
    const checkpoint = await pool.query('SELECT events_applied FROM projection_checkpoints WHERE projection = $1', [projection.name]);
    expect(Number(checkpoint.rows[0].events_applied)).toBe(15);
  });

  it('applying the same events twice changes nothing', async () => {
    const category = `p${randomUUID().slice(0, 8)}`;
    await appendMany(category, 2, 2);
    const projection = streamVersions(category);
    const runner = new ProjectionRunner(pool, store, projection);
    runner.start();
    await runner.caughtUp();
    await runner.stop();
    const events = (await store.readAll({ filter: { categories: [category] } })).events;
    const db = await pool.connect();
    try {
      await projection.apply(db, events, runner.tables);
    } finally {
      db.release();
    }
    const { rows } = await pool.query(`SELECT version, applied FROM ${runner.tables.name('streams')}`);
    expect(rows).toEqual([
      { version: 2, applied: 2 },
      { version: 2, applied: 2 },
    ]);
  });

  it('two projector processes: one holds the lease; when it stops the other takes over without applying anything twice', async () => {
    const category = `p${randomUUID().slice(0, 8)}`;
    const projection = streamVersions(category);
    await appendMany(category, 3, 2);
    const first = new ProjectionRunner(pool, store, projection, { leaseRetryMs: 50 });
    const second = new ProjectionRunner(pool, store, projection, { leaseRetryMs: 50 });
    first.start();
    await first.caughtUp();
    second.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(first.status.leased).toBe(true);
    expect(second.status.leased).toBe(false);

    await first.stop();
    await store.appendToStream(`${category}-late`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
    await second.caughtUp(10_000);
    await second.stop();
    const { rows } = await pool.query('SELECT events_applied FROM projection_checkpoints WHERE projection = $1', [projection.name]);
    expect(Number(rows[0].events_applied)).toBe(7);
  });
});
