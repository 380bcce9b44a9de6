import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Pool, type PoolClient } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { findFreePort, silentLogger, startEmbeddedPostgres, type EmbeddedPostgres } from '@laurel/infra';
import { testDatabaseUrl, uniqueName } from '@laurel/testing';
import { ClusterChanged } from './cluster-identity';
import { ProjectionRunner } from './projection-runner';
import type { Projection, ProjectionTables } from './projection';

const counter = (category: string): Projection => ({
  name: `restore_${category}`,
  version: 1,
  tables: ['seen'],
  filter: { categories: [category] },
  async setup(db: PoolClient, t: ProjectionTables) {
    await db.query(`CREATE TABLE IF NOT EXISTS ${t.name('seen')} (event_id uuid PRIMARY KEY)`);
  },
  async apply(db: PoolClient, events, t: ProjectionTables) {
    for (const e of events) await db.query(`INSERT INTO ${t.name('seen')} VALUES ($1) ON CONFLICT DO NOTHING`, [e.eventId]);
  },
});

async function runUntil(url: string, projection: Projection, append: number, done: (runner: ProjectionRunner, errors: unknown[]) => Promise<boolean>): Promise<unknown[]> {
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool });
  const errors: unknown[] = [];
  const runner = new ProjectionRunner(pool, store, projection, { leaseRetryMs: 100, onError: (_name, error) => errors.push(error) });
  try {
    for (let i = 0; i < append; i++) await store.appendToStream(`${projection.filter?.categories?.[0]}-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
    runner.start();
    const deadline = Date.now() + 20_000;
    while (!(await done(runner, errors))) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return errors;
  } finally {
    await runner.stop();
    await store.close();
    await pool.end();
  }
}

describe('the feed and the cluster it runs on', () => {
  const database = uniqueName('restore').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const sourceUrl = (() => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${database}`;
    return url.toString();
  })();
  let fresh: EmbeddedPostgres | undefined;
  let dir = '';

  beforeAll(async () => {
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  });
  afterAll(async () => {
    await fresh?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it('a restore into a fresh cluster makes the feed refuse with the documented message', async () => {
    const category = `r${randomUUID().slice(0, 8)}`;
    const projection = counter(category);
    // On the original cluster: the projection reads the log and stores its checkpoint (and the cluster's identity).
    await runUntil(sourceUrl, projection, 5, async (runner) => runner.status.caughtUp);

    // A logical dump, restored into a new cluster: the rows come back, the transaction-id counter does not.
    let dump: Buffer | undefined;
    try {
      dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', sourceUrl], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      // The embedded PostgreSQL from npm ships no pg_dump, and an older one refuses a newer server.
      if (!/version mismatch|ENOENT/.test(String((error as { stderr?: Buffer }).stderr ?? error))) throw error;
      console.warn(`no pg_dump for this server (${String((error as Error).message).split('\n')[1] ?? 'not found'}): the restore is simulated by a checkpoint recorded under another cluster's identity`);
    }
    let target = sourceUrl;
    if (dump) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-restore-'));
      fresh = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await findFreePort(), database: 'restored', log: silentLogger, durable: false });
      execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', fresh.url], { input: dump, stdio: ['pipe', 'ignore', 'pipe'] });
      target = fresh.url;
    } else {
      // What the feed sees after such a restore: the recorded identity is not this cluster's.
      const db = new Client({ connectionString: sourceUrl });
      await db.connect();
      await db.query(`UPDATE laurel_cluster_identity SET system_identifier = '1234567890123456789'`).finally(() => db.end());
    }

    const errors = await runUntil(target, projection, 2, async (_runner, errs) => errs.length >= 2);
    const refusal = errors[0] as ClusterChanged;
    expect(refusal).toBeInstanceOf(ClusterChanged);
    expect(refusal.message).toContain('The feed refuses to run');
    expect(refusal.message).toContain('docs/operations.md, "Restoring into another cluster"');
    expect(refusal.message).toContain(`UPDATE laurel_cluster_identity SET system_identifier = '${refusal.current}'`);
    expect(refusal.recorded).not.toBe(refusal.current);
    // Refused means refused: nothing was applied on the new cluster, the checkpoint stayed where the dump left it.
    const check = new Client({ connectionString: target });
    await check.connect();
    try {
      const seen = await check.query(`SELECT count(*)::int AS n FROM rm_restore_${category}_seen`);
      expect(seen.rows[0].n).toBe(5);
    } finally {
      await check.end();
    }
  });
});
