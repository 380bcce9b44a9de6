import { randomUUID } from 'node:crypto';
import { describeEventStoreContract, event } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { ConditionFailed, InvalidEvent } from '../errors';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

describeEventStoreContract('postgres', () => PostgresEventStore.connect({ connectionString: databaseUrl(), poolSize: 24 }), (store) => store.close());

describe('postgres appends', () => {
  it('commits concurrent appends together, and one refused append does not fail the others in its batch', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `batch${Date.now()}`;
    try {
      // Fired together, these travel in one batch behind the first; PostgreSQL refuses the \u0000.
      const results = await Promise.allSettled([
        store.appendToStream(`${category}-a`, [event('First')], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-b`, [event('Good')], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-c`, [event('Bad', { text: 'nul \u0000 byte' })], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-d`, [event('AlsoGood')], { expectedVersion: 'no_stream' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEvent);
      expect(await store.readStream(`${category}-c`)).toEqual([]);
      expect(await store.readStream(`${category}-d`)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('postgres feed without payload', () => {
  it('leaves data and metadata out (null and {}), everything else as the full read has it', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `light${Date.now()}`;
    try {
      await store.appendToStream(`${category}-a`, [event('Big', { text: 'x'.repeat(5000) })], { expectedVersion: 'no_stream' });
      // Until the event is in the feed: another run's open transaction in the cluster can hold the horizon.
      let [full] = (await store.readAll({ filter: { categories: [category] } })).events;
      for (const deadline = Date.now() + 10_000; full === undefined && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        [full] = (await store.readAll({ filter: { categories: [category] } })).events;
      }
      const [light] = (await store.readAll({ filter: { categories: [category] }, withoutPayload: true })).events;
      expect(full.data).toEqual({ text: 'x'.repeat(5000) });
      expect(light).toEqual({ ...full, data: null, metadata: {} });
    } finally {
      await store.close();
    }
  });
});

describe('postgres stream reads', () => {
  it('answers reads asked for together (one statement) each as it would alone: from, maxCount, unknown streams', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl(), readConcurrency: 1 });
    const category = `reads${Date.now()}`;
    try {
      for (let s = 0; s < 6; s++) {
        await store.appendToStream(`${category}-${s}`, Array.from({ length: s + 1 }, (_, i) => event(`E${s}.${i + 1}`)), { expectedVersion: 'no_stream' });
      }
      const asks = Array.from({ length: 40 }, (_, n) => ({ stream: `${category}-${n % 8}`, from: 1 + (n % 3), maxCount: n % 4 === 0 ? 1 : undefined }));
      // Fired together with one read in flight: the first goes alone, the rest travel in one statement.
      const together = await Promise.all(asks.map((a) => store.readStream(a.stream, { from: a.from, maxCount: a.maxCount })));
      const alone: string[][] = [];
      for (const a of asks) alone.push((await store.readStream(a.stream, { from: a.from, maxCount: a.maxCount })).map((e) => e.type));
      expect(together.map((events) => events.map((e) => e.type))).toEqual(alone);
      expect(together[4].map((e) => [e.streamName, e.streamVersion])).toEqual([[`${category}-4`, 2]]);
      expect(together[7]).toEqual([]);
      expect(together[5].map((e) => e.type)).toEqual(['E5.3', 'E5.4', 'E5.5', 'E5.6']);
    } finally {
      await store.close();
    }
  });
});

describe('postgres append conditions', () => {
  it('waits for an uncommitted write to a condition stream, and then refuses the append', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `cond${Date.now()}`;
    await store.appendToStream(`${category}-council`, [event('Created')], { expectedVersion: 'no_stream' });
    const writer = await store.pool.connect();
    try {
      // Another process changes the council: its transaction holds the stream's lock, not yet committed.
      await writer.query('BEGIN');
      await writer.query(`SELECT * FROM es_append_batch($1::jsonb)`, [
        JSON.stringify([{ stream: `${category}-council`, expected: '1', events: [{ eventId: randomUUID(), type: 'MemberRemoved', data: {} }] }]),
      ]);
      let settled = false;
      const vote = store
        .appendToStream(`${category}-initiative`, [event('Voted')], { expectedVersion: 'no_stream', conditions: [{ stream: `${category}-council`, version: 1 }] })
        .finally(() => (settled = true));
      vote.catch(() => undefined);
      // The decision's check waits on the council's lock (a snapshot taken now would not see the removal).
      await waitForLockWait(store, `${category}-council`);
      expect(settled).toBe(false);
      await writer.query('COMMIT');
      await expect(vote).rejects.toEqual(expect.objectContaining({ constructor: ConditionFailed, stream: `${category}-council`, expected: 1, actual: 2 }));
      expect(await store.readStream(`${category}-initiative`)).toEqual([]);
    } finally {
      writer.release();
      await store.close();
    }
  });

  it('never batches an append with a condition on a stream the same batch appends to', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `condbatch${Date.now()}`;
    try {
      await store.appendToStream(`${category}-council`, [event('Created')], { expectedVersion: 'no_stream' });
      // Fired together behind a first append (sent alone, at once): the council's change and a vote
      // decided on the council before it wait together, and would travel in the one next batch.
      const [, change, vote] = await Promise.allSettled([
        store.appendToStream(`${category}-other`, [event('First')], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-council`, [event('MemberRemoved')], { expectedVersion: 1 }),
        store.appendToStream(`${category}-initiative`, [event('Voted')], { expectedVersion: 'no_stream', conditions: [{ stream: `${category}-council`, version: 1 }] }),
      ]);
      expect(change.status).toBe('fulfilled');
      expect(vote.status).toBe('rejected');
      expect((vote as PromiseRejectedResult).reason).toBeInstanceOf(ConditionFailed);
    } finally {
      await store.close();
    }
  });
});

/** Waits until a session of the store's database is waiting for an advisory lock (the stream's). */
async function waitForLockWait(store: PostgresEventStore, stream: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await store.pool.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [stream],
    );
    if (rows[0].waiting > 0) return;
    if (Date.now() > deadline) throw new Error(`no append waited for the lock of ${stream} within 20 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('postgres global feed', () => {
  it('never skips an event whose transaction commits after a later-numbered one', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `late${Date.now()}`;
    const slow = await store.pool.connect();
    try {
      // The slow transaction takes its position first but commits last.
      await slow.query('BEGIN');
      await slow.query(`SELECT * FROM es_append_batch($1::jsonb)`, [
        JSON.stringify([{ stream: `${category}-slow`, expected: 'any', events: [{ eventId: randomUUID(), type: 'Slow', data: {} }] }]),
      ]);
      await store.appendToStream(`${category}-fast`, [event('Fast')], { expectedVersion: 'any' });

      const before = await store.readAll({ filter: { categories: [category] } });
      expect(before.events).toEqual([]);

      await slow.query('COMMIT');
      // Read on from the checkpoint until both arrive: another test's open transaction anywhere in
      // the cluster holds the horizon back for a while (the feed then waits), but a skipped event
      // would never come from a checkpoint already past it.
      const seen: string[] = [];
      let checkpoint = before.checkpoint;
      for (const deadline = Date.now() + 30_000; seen.length < 2 && Date.now() < deadline; ) {
        const page = await store.readAll({ after: checkpoint, filter: { categories: [category] } });
        seen.push(...page.events.map((e) => e.type));
        checkpoint = page.checkpoint;
        if (seen.length < 2) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen.sort()).toEqual(['Fast', 'Slow']);
    } finally {
      slow.release();
      await store.close();
    }
  });
});

describe('postgres planner statistics', () => {
  it('analyzes the log when its statistics are missing or far behind it, and not again once fresh', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    try {
      const analyzedAt = async () =>
        (await store.pool.query<{ at: Date | null }>(`SELECT greatest(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relid = 'es_events'::regclass`)).rows[0].at;
      await store.refreshStatisticsIfStale();
      const first = await analyzedAt();
      expect(await store.refreshStatisticsIfStale()).toBe(false);
      expect(await analyzedAt()).toEqual(first);
    } finally {
      await store.close();
    }
  });
});
