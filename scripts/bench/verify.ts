/**
 * bench:verify — the speed of audit:verify's database verification on the log DATABASE_URL holds
 * (seed one with `npm run seed:synthetic -- --initiatives 12000`: about 280,000 events). Events no
 * checkpoint covers yet are sealed first (with the configured AUDIT_SIGNING_KEY), so the roots are
 * checked too. Each round, in one snapshot each:
 *
 * - baseline: the bare read — the same binary COPY of the same ranges on as many connections at
 *   once, every row taken apart and nothing checked: what PostgreSQL and the socket allow;
 * - verify: the verification with --workers ranges (default: audit:verify's, see defaultRanges), then
 *   with the other choice for comparison (one range, or one per core).
 *
 * Prints one JSON line: the log's size, the machine's cores and load average around each round,
 * events/s of each, and this process's CPU seconds per verification (its threads included).
 *
 *   npm run bench:verify -- [--rounds 3] [--workers n]
 */
import { availableParallelism, loadavg } from 'node:os';
import { Pool, type PoolClient } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { AuditSealer, defaultRanges, loadSigningKey, planRanges, readRange, trustAnchor, verifySnapshot } from '@laurel/event-store/audit';
import { auditEnv } from '../audit/settings';
import { parseArgs, round } from './stats';

async function inSnapshot<T>(pool: Pool, work: (db: PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await work(db);
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
    db.release();
  }
}

/** Seals what no checkpoint covers yet, as the worker's sealer would. */
async function sealAll(pool: Pool, origin: string, signingKey: Buffer): Promise<number> {
  const count = async () => Number((await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0].n);
  const sealedSize = async () => Number((await pool.query<{ n: string | null }>('SELECT max(tree_size)::text AS n FROM audit_checkpoints').catch(() => ({ rows: [{ n: null }] }))).rows[0].n ?? 0);
  const total = await count();
  if ((await sealedSize()) >= total) return 0;
  const store = await PostgresEventStore.connect({ pool });
  const sealer = new AuditSealer(pool, store, { origin, signingKey, everyEvents: 5000, intervalMs: 1000, idleMs: 50 });
  sealer.start();
  try {
    while ((await sealedSize()) < total) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await sealer.stop();
    await store.close();
  }
  return total;
}

async function bareRead(pool: Pool, ranges: number): Promise<{ seconds: number; eventsPerSecond: number; megabytes: number }> {
  return inSnapshot(pool, async (db) => {
    const total = Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0].n);
    const plan = await planRanges(db, total, ranges, []);
    const { rows } = await db.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const started = process.hrtime.bigint();
    const results = await Promise.all(
      plan.map(async (range, i) => {
        if (i === 0) return readRange(db, range);
        const client = await pool.connect();
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await client.query(`SET TRANSACTION SNAPSHOT '${rows[0].id}'`);
          return await readRange(client, range);
        } finally {
          await client.query('ROLLBACK').catch(() => undefined);
          client.release();
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const events = results.reduce((n, r) => n + r.rows, 0);
    return { seconds: round(seconds, 3), eventsPerSecond: Math.round(events / seconds), megabytes: round(results.reduce((n, r) => n + r.bytes, 0) / 1e6, 1) };
  });
}

async function verifyOnce(pool: Pool, anchor: { keyName: string; publicKey: Buffer }, workers: number) {
  const cpu = process.cpuUsage();
  const report = await inSnapshot(pool, (db) => verifySnapshot(db, { ...anchor, workers }, pool));
  const used = process.cpuUsage(cpu);
  if (!report.ok) throw new Error(`the log does not verify: ${report.problem?.kind}: ${report.problem?.detail}`);
  return { ranges: report.ranges, seconds: round(report.seconds, 3), eventsPerSecond: report.eventsPerSecond, cpuSeconds: round((used.user + used.system) / 1e6, 2), events: report.eventsChecked, checkpoints: report.checkpointsChecked };
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set (a database holding a log, e.g. one seeded with seed:synthetic)');
  const pool = new Pool({ connectionString: url, max: cores + 2, application_name: 'laurel-bench-verify' });
  pool.on('error', () => undefined);
  const args = parseArgs(process.argv.slice(2), { rounds: 3, workers: defaultRanges(pool) });
  const other = args.workers > 1 ? 1 : cores;
  const env = auditEnv();
  try {
    const sealed = await sealAll(pool, env.AUDIT_LOG_ORIGIN, loadSigningKey(env));
    const anchor = trustAnchor(env);
    const rounds: { loadBefore: number; loadAfter: number; baseline: Awaited<ReturnType<typeof bareRead>>; verify: Awaited<ReturnType<typeof verifyOnce>>; compared?: Awaited<ReturnType<typeof verifyOnce>> }[] = [];
    for (let r = 0; r < args.rounds; r++) {
      const loadBefore = round(loadavg()[0]);
      const baseline = await bareRead(pool, args.workers);
      const verify = await verifyOnce(pool, anchor, args.workers);
      const compared = other !== args.workers ? await verifyOnce(pool, anchor, other) : undefined;
      rounds.push({ loadBefore, loadAfter: round(loadavg()[0]), baseline, verify, ...(compared ? { compared } : {}) });
    }
    const best = (pick: (x: (typeof rounds)[number]) => number | undefined) => Math.max(...rounds.map((x) => pick(x) ?? 0));
    const first = rounds[0].verify;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'verify',
        events: first.events,
        checkpoints: first.checkpoints,
        sealedFirst: sealed,
        cores,
        workers: args.workers,
        bestEventsPerSecond: best((x) => x.verify.eventsPerSecond),
        bestBaselineEventsPerSecond: best((x) => x.baseline.eventsPerSecond),
        comparedWorkers: other !== args.workers ? other : undefined,
        bestComparedEventsPerSecond: best((x) => x.compared?.eventsPerSecond),
        cpuMicrosecondsPerEvent: round((Math.min(...rounds.map((x) => x.verify.cpuSeconds)) * 1e6) / first.events, 2),
        rounds,
      })}\n`,
    );
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
