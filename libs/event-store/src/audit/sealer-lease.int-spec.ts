import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ed25519PrivateKey, rawPublicKey } from './note';
import { AuditSealer, type SealerSettings } from './sealer';
import { verifySnapshot } from './verify';

/** One sealer at a time per log, under the shared AdvisoryLease; another takes over when it goes away. */
const ORIGIN = 'laurel.test/sealer-lease';
const seed = randomBytes(32);
const schema = `sealer_lease_${randomBytes(4).toString('hex')}`;
let pool: Pool;
let admin: Pool;
let store: PostgresEventStore;
let appended = 0;
const sealers: AuditSealer[] = [];

async function append(events: number): Promise<void> {
  for (let i = 0; i < events; i++) {
    await store.appendToStream(`nomination-${appended % 7}`, [{ eventId: randomUUID(), type: 'InitiativeReviewed', data: { n: appended }, metadata: {} }], { expectedVersion: 'any' });
    appended++;
  }
}

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 30 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function sealer(name: string, sealed: { by: string; size: number }[], errors: unknown[], settings: Partial<SealerSettings> = {}): AuditSealer {
  const s = new AuditSealer(pool, store, {
    origin: ORIGIN,
    signingKey: seed,
    everyEvents: 1,
    intervalMs: 1,
    idleMs: 20,
    leaseRetryMs: 50,
    onCheckpoint: (size) => sealed.push({ by: name, size }),
    onError: (error) => errors.push(error),
    ...settings,
  });
  sealers.push(s);
  s.start();
  return s;
}

const latest = async () => Number((await pool.query<{ n: string | null }>('SELECT max(tree_size)::text AS n FROM audit_checkpoints').catch(() => ({ rows: [{ n: null }] }))).rows[0].n ?? 0);

beforeAll(async () => {
  admin = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 12, options: `-c search_path=${schema}` });
  store = await PostgresEventStore.connect({ pool });
});

afterAll(async () => {
  await Promise.all(sealers.map((s) => s.stop()));
  await store.close();
  await pool.end();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
});

describe('the checkpoint sealer under the shared AdvisoryLease', () => {
  it('seals with one sealer at a time; another takes over when the holder dies, and again when it stops', async () => {
    const sealed: { by: string; size: number }[] = [];
    const errors: unknown[] = [];
    await append(20);
    // A long retry: once its session is killed, the first sealer stays away (as a dead process would).
    const first = sealer('first', sealed, errors, { leaseRetryMs: 600_000 });
    await until('the first sealer seals the log', async () => first.leased && (await latest()) >= appended);
    const second = sealer('second', sealed, [], {});
    // While the first holds the lease, the second (retrying every 50 ms) never gets it, however much is sealed.
    for (let round = 0; round < 5; round++) {
      await append(10);
      await until('the first sealer seals what was appended', async () => (await latest()) >= appended);
      expect(second.leased).toBe(false);
    }
    expect(new Set(sealed.map((s) => s.by))).toEqual(new Set(['first']));

    // The holder's session dies (its process is gone): PostgreSQL drops the lock with it.
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l, hashtextextended($1, 0) AS h
        WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.classid::bigint = ((h >> 32) & 4294967295) AND l.objid::bigint = (h & 4294967295)`,
      [`laurel-audit-sealer:${schema}`],
    );
    expect(rows).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await until('the second sealer takes the lease', () => second.leased);
    await until('the first sealer gives up its lost lease', () => !first.leased);
    const third = sealer('third', sealed, [], {});
    await append(15);
    await until('the second sealer seals on from where the first stopped', async () => (await latest()) >= appended);
    expect(sealed.filter((s) => s.by === 'second').length).toBeGreaterThan(0);
    expect(third.leased).toBe(false);

    // A sealer that stops lets the lease go: the one waiting takes over.
    await second.stop();
    await until('the third sealer takes the lease', () => third.leased);
    await append(5);
    await until('the third sealer seals', async () => (await latest()) >= appended);
    expect(sealed.filter((s) => s.by === 'third').length).toBeGreaterThan(0);

    // Never two at once: the checkpoints grow one sealer after the other, and the log verifies.
    const sizes = sealed.map((s) => s.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(sizes.length);
    const db = await pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const report = await verifySnapshot(db, { keyName: ORIGIN, publicKey: rawPublicKey(ed25519PrivateKey(seed)) });
      expect(report).toMatchObject({ ok: true, eventsChecked: appended, checkpointsChecked: sizes.length });
    } finally {
      await db.query('ROLLBACK');
      db.release();
    }
    // The first sealer saw its lease lost; nothing else went wrong.
    expect(errors.length).toBeGreaterThan(0);
  }, 60_000);
});
