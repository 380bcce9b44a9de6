import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { event } from '../contract/event-store.contract';
import type { EventStore } from '../event-store.port';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { START, type Position } from '../position';
import { copyLog, type CopyProgressStore } from './copy-log';
import { compareInventories, inventory } from './inventory';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

/** The run's database is shared by every test file: a second log lives in a schema of its own. */
async function postgresInSchema(schema: string): Promise<{ store: PostgresEventStore; pool: Pool }> {
  const admin = new Pool({ connectionString: databaseUrl(), max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const pool = new Pool({ connectionString: databaseUrl(), max: 4, options: `-c search_path=${schema}` });
  return { store: await PostgresEventStore.connect({ pool }), pool };
}

/** Interleaved appends to several streams of two categories, with metadata, plus a stream of a third category. */
async function seed(store: EventStore, categories: [string, string], other: string): Promise<void> {
  const [a, b] = categories;
  const meta = (n: number) => ({ actor: { id: `u${n}`, role: 'secretary' }, correlationId: randomUUID(), occurredAt: new Date(2026, 0, n).toISOString(), nested: { z: 1, a: [n, { y: 'ü' }] } });
  for (let round = 1; round <= 4; round++) {
    for (const stream of [`${a}-1`, `${b}-1`, `${a}-2`]) {
      const events = Array.from({ length: round }, (_, i) => event(`Happened${round}`, { round, i, text: `r${round}e${i}`, deep: { b: 2, a: 1 } }, meta(round)));
      await store.appendToStream(stream, events, { expectedVersion: 'any' });
    }
  }
  await store.appendToStream(`${other}-1`, [event('NotCopied')], { expectedVersion: 'any' });
}

class MemoryProgress implements CopyProgressStore {
  checkpoint: Position | undefined;
  async load() {
    return this.checkpoint;
  }
  async save(checkpoint: Position) {
    this.checkpoint = checkpoint;
  }
}

describe('event-store:copy', () => {
  const id = `${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
  const categories: [string, string] = [`copya${id}`, `copyb${id}`];
  let source: PostgresEventStore;

  beforeAll(async () => {
    source = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    await seed(source, categories, `copyother${id}`);
  });
  afterAll(async () => {
    await source.close();
  });

  it('round-trips PostgreSQL → in-memory → PostgreSQL with identical per-stream hashes, event ids and order', async () => {
    const memory = new InMemoryEventStore();
    const { store: back, pool } = await postgresInSchema(`copy_back_${id}`);
    try {
      const there = await copyLog(source, memory, { categories, batchSize: 7, maxAppend: 3 });
      expect(there).toEqual({ read: 30, copied: 30, skipped: 0 });
      await copyLog(memory, back, { categories, batchSize: 5 });

      const original = await inventory(source, { categories });
      expect(original.total).toBe(30);
      expect([...original.streams.keys()].sort()).toEqual([`${categories[0]}-1`, `${categories[0]}-2`, `${categories[1]}-1`]);
      expect(compareInventories(original, await inventory(memory, { categories }))).toEqual([]);
      expect(compareInventories(original, await inventory(back, { categories }))).toEqual([]);
      for (const stream of original.streams.keys()) {
        const [before, after] = await Promise.all([source.readStream(stream), back.readStream(stream)]);
        expect(after.map((e) => [e.eventId, e.streamVersion, e.type, e.data, e.metadata])).toEqual(before.map((e) => [e.eventId, e.streamVersion, e.type, e.data, e.metadata]));
      }
      // Only the chosen categories travel.
      expect(await back.readStream(`copyother${id}-1`)).toEqual([]);
    } finally {
      await back.close();
      await pool.end();
    }
  });

  it('resumes an interrupted copy without writing any event twice', async () => {
    const target = new InMemoryEventStore();
    const progress = new MemoryProgress();
    let pages = 0;
    const crashing = copyLog(source, target, {
      categories,
      batchSize: 4,
      progress,
      onProgress: () => {
        if (++pages === 3) throw new Error('killed');
      },
    });
    await expect(crashing).rejects.toThrow('killed');
    expect(progress.checkpoint).not.toBe(START);

    const resumed = await copyLog(source, target, { categories, batchSize: 4, progress });
    expect(resumed.copied + 12).toBe(30);
    // Without the progress file the target's stream versions alone make a rerun a no-op.
    expect(await copyLog(source, target, { categories })).toEqual({ read: 30, copied: 0, skipped: 30 });
    expect(compareInventories(await inventory(source, { categories }), await inventory(target, { categories }))).toEqual([]);
  });

  it('verify names a stream whose copy differs', async () => {
    const target = new InMemoryEventStore();
    await copyLog(source, target, { categories });
    await target.appendToStream(`${categories[0]}-2`, [event('Extra')], { expectedVersion: 'any' });
    const differences = compareInventories(await inventory(source, { categories }), await inventory(target, { categories }));
    expect(differences.map((d) => [d.stream, d.source?.count, d.target?.count])).toEqual([[`${categories[0]}-2`, 10, 11]]);
  });
});
