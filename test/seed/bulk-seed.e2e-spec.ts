import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { verifyDatabase } from '@laurel/event-store/audit';
import { rebuildAll } from '../../scripts/projections/rebuild';
import { bulkSeed } from '../../scripts/seed/bulk';

/** bench:scale's bulk seeder: what it writes must be what the append function would have written. */
describe('bulk seeding (bench:scale)', () => {
  const admin = () => new Client({ connectionString: process.env.DATABASE_URL });
  const created: string[] = [];
  const database = async (): Promise<{ url: string; pool: Pool; store: PostgresEventStore }> => {
    const name = `laurel_bulk_${randomUUID().slice(0, 8)}`;
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    created.push(name);
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `/${name}`;
    const pool = new Pool({ connectionString: url.toString(), max: 6 });
    pool.on('error', () => undefined);
    return { url: url.toString(), pool, store: await PostgresEventStore.connect({ pool }) };
  };
  const open: { pool: Pool; store: PostgresEventStore }[] = [];
  afterAll(async () => {
    for (const { store, pool } of open) {
      await store.close();
      await pool.end();
    }
    const c = admin();
    await c.connect();
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  /** The log without what is random by design (event ids, correlation ids, hashes of those). */
  const history = async (pool: Pool) =>
    (await pool.query<{ stream_name: string; stream_version: string; event_type: string; data: unknown; occurred: string; actor: unknown }>(
      `SELECT stream_name, stream_version, event_type, data, metadata->>'occurredAt' AS occurred, metadata->'actor' AS actor
         FROM es_events WHERE category = 'initiative' ORDER BY stream_name, stream_version`,
    )).rows;

  it('writes valid hash chains in stream order, resumes an interrupted seed to the same history, and the read models project it', async () => {
    const interrupted = await database();
    const straight = await database();
    open.push(interrupted, straight);
    const progress: number[] = [];
    // An interrupted run: 25 of 40 initiatives, then a rerun that continues at the 26th.
    const first = await bulkSeed(interrupted.pool, interrupted.store, { initiatives: 25, chunk: 10, onProgress: (done) => progress.push(done) });
    expect(first.initiatives).toBe(25);
    const resumed = await bulkSeed(interrupted.pool, interrupted.store, { initiatives: 40, chunk: 10 });
    expect(resumed.initiatives).toBe(40);
    expect(progress).toContain(25);
    await bulkSeed(straight.pool, straight.store, { initiatives: 40, chunk: 40 });

    const a = await history(interrupted.pool);
    expect(new Set(a.map((r) => r.stream_name)).size).toBe(40);
    expect(a).toEqual(await history(straight.pool));
    // A rerun at the same size writes nothing.
    expect((await bulkSeed(interrupted.pool, interrupted.store, { initiatives: 40 })).events).toBe(0);
    // Another seed on the same database is refused, not mixed in.
    await expect(bulkSeed(interrupted.pool, interrupted.store, { initiatives: 50, seed: 7 })).rejects.toThrow(/seeded with --seed/);

    // Global order: each initiative's events are contiguous and in version order.
    const order = (await interrupted.pool.query<{ stream_name: string; stream_version: string }>(
      `SELECT stream_name, stream_version FROM es_events WHERE category = 'initiative' ORDER BY transaction_id, global_position`,
    )).rows;
    for (let i = 1; i < order.length; i++) {
      if (order[i].stream_name === order[i - 1].stream_name) expect(Number(order[i].stream_version)).toBe(Number(order[i - 1].stream_version) + 1);
      else expect(order[i].stream_version).toBe('1');
    }

    // The append function continues a bulk-written chain, and the verifier accepts every chain.
    const stream = a[0].stream_name;
    const version = Math.max(...a.filter((r) => r.stream_name === stream).map((r) => Number(r.stream_version)));
    await interrupted.store.appendToStream(stream, [{ eventId: randomUUID(), type: 'ProgressReported', data: { reportId: 'x' }, metadata: { actor: { id: 'test' } } }], { expectedVersion: version });
    const key = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const report = await verifyDatabase(interrupted.pool, { keyName: 'bulk-seed-test', publicKey: key });
    expect(report.problem).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.eventsChecked).toBe(Number((await interrupted.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0].n));

    await rebuildAll(interrupted.url, ['initiatives'], true);
    const projected = await interrupted.pool.query<{ n: string }>(`SELECT count(*) AS n FROM rm_initiatives_initiatives WHERE initiative_id LIKE 'scale-%'`);
    expect(Number(projected.rows[0].n)).toBe(40);
  });
});
