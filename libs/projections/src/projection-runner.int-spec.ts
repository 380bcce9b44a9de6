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

  describe('a batch bounded in time (batchBudgetMs)', () => {
    /**
     * Records every event it is given, in order, and moves a fake clock 10 ms per event: a slow
     * read model, deterministic. Each apply call is one chunk; onBatch closes a batch.
     */
    function slowRecorder(category: string) {
      const clock = { now: 0 };
      const chunks: { eventIds: string[]; startedAt: number; endedAt: number }[] = [];
      const projection: Projection = {
        name: `test_slow_${category}`,
        version: 1,
        tables: ['applied'],
        filter: { categories: [category] },
        async setup(db, t) {
          await db.query(`CREATE TABLE IF NOT EXISTS ${t.name('applied')} (seq serial PRIMARY KEY, event_id text NOT NULL)`);
        },
        async apply(db, events, t) {
          const startedAt = clock.now;
          await db.query(`INSERT INTO ${t.name('applied')} (event_id) SELECT unnest($1::text[])`, [events.map((e) => e.eventId)]);
          clock.now += 10 * events.length;
          chunks.push({ eventIds: events.map((e) => e.eventId), startedAt, endedAt: clock.now });
        },
      };
      return { clock, chunks, projection };
    }

    async function runToTheEnd(category: string, settings: { batchSize: number; batchBudgetMs: number }) {
      const { clock, chunks, projection } = slowRecorder(category);
      const batches: { applied: number; checkpoint: string; chunks: typeof chunks }[] = [];
      let taken = 0;
      const runner = new ProjectionRunner(pool, store, projection, {
        ...settings,
        clock: () => clock.now,
        onBatch: (_name, applied, checkpoint) => {
          batches.push({ applied, checkpoint, chunks: chunks.slice(taken) });
          taken = chunks.length;
        },
      });
      runner.start();
      await runner.caughtUp(30_000);
      await runner.stop();
      return { batches, runner, projection };
    }

    it('stops a batch at the budget (committing the checkpoint at its last event) and the next batch continues exactly from there', async () => {
      const category = `p${randomUUID().slice(0, 8)}`;
      await appendMany(category, 30, 10);
      // Until all 300 are in the feed: another run's open transaction in the cluster can hold its horizon.
      let feed = (await store.readAll({ filter: { categories: [category] }, batchSize: 1000 })).events;
      for (const deadline = Date.now() + 10_000; feed.length < 300 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        feed = (await store.readAll({ filter: { categories: [category] }, batchSize: 1000 })).events;
      }
      expect(feed).toHaveLength(300);
      const { batches, runner, projection } = await runToTheEnd(category, { batchSize: 200, batchBudgetMs: 100 });

      // Far more batches than pages (2 pages of 200): each stopped at the budget, not at the page's end.
      expect(batches.length).toBeGreaterThan(10);
      for (const batch of batches.slice(1)) {
        const spent = batch.chunks[batch.chunks.length - 1].endedAt - batch.chunks[0].startedAt;
        expect({ spent, within: spent <= 100 }).toEqual({ spent, within: true });
        expect(batch.applied).toBeLessThan(200);
      }
      // The first chunk of a runner's life is sized before anything is measured: it may overrun, once.
      expect(batches[0].chunks).toHaveLength(1);
      // Exactly the feed, in order, nothing twice, nothing skipped: each batch's checkpoint is the
      // position of the last event it applied, and the next batch began with the one after it.
      let next = 0;
      for (const batch of batches) {
        const ids = batch.chunks.flatMap((c) => c.eventIds);
        expect(ids).toEqual(feed.slice(next, next + batch.applied).map((e) => e.eventId));
        next += batch.applied;
        if (next < feed.length) expect(batch.checkpoint).toBe(feed[next - 1].position);
      }
      expect(next).toBe(300);
      const { rows } = await pool.query<{ event_id: string }>(`SELECT event_id FROM ${runner.tables.name('applied')} ORDER BY seq`);
      expect(rows.map((r) => r.event_id)).toEqual(feed.map((e) => e.eventId));
      const checkpoint = await pool.query('SELECT events_applied, position FROM projection_checkpoints WHERE projection = $1', [projection.name]);
      expect(Number(checkpoint.rows[0].events_applied)).toBe(300);
      expect(checkpoint.rows[0].position >= feed[299].position).toBe(true);
    });

    it('within the budget a batch is a whole page, in one chunk', async () => {
      const category = `p${randomUUID().slice(0, 8)}`;
      await appendMany(category, 5, 10);
      const { batches } = await runToTheEnd(category, { batchSize: 20, batchBudgetMs: 60_000 });
      expect(batches.map((b) => [b.applied, b.chunks.length])).toEqual([
        [20, 1],
        [20, 1],
        [10, 1],
      ]);
    });
  });
});
