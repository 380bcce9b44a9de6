import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock, CommandRunner } from '@laurel/application';
import { decodePosition, PostgresEventStore } from '@laurel/event-store';
import { findFreePort, startPrivateRedis } from '@laurel/infra';
import { NotificationRuntime, migrateNotifications, openQueues, type NotificationSettings } from '@laurel/notifications';
import { benchDatabase } from './database';
import { loadAverage, parseArgs, percentile, round } from './stats';

/**
 * `npm run bench:notifications -- --events 10000 --rate 500 --seconds 10 --concurrency 256 --rounds 5 --batch 500 --redis aof`
 *
 * Per round: 1. Throughput: `events` DossierReturned events already in the log, each notifying one
 *    unit officer in-app; a notification runtime starts and drains them (dispatch, addBulk,
 *    delivery, batched inbox inserts), timed from start to the last inbox row. 3. Baseline: the
 *    same number of no-op jobs added with addBulk and processed by a bare BullMQ worker of the same
 *    concurrency, on the same Redis. The medians of the rounds are reported.
 * Then 2. Latency: a steady `rate` events/s for `seconds`, from the event's commit to the commit of
 *    its inbox row: by the server's commit timestamps (track_commit_timestamp, set on the embedded
 *    server; a DATABASE_URL server without it gives null) and as observed here (the append
 *    acknowledged → the inbox INSERT acknowledged); and, as before, from the append acknowledged to
 *    the inbox row's clock_timestamp() (written before its commit).
 *
 * Redis (`--redis`): `aof` (default) a private redis-server with `appendonly yes`, `appendfsync
 * everysec` (production's setting, docs/notifications.md "Redis in production"); `none` a private one without persistence
 * (how this benchmark ran before); `shared` the one at REDIS_URL, as it is configured.
 * Prints one JSON line.
 */
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { events: 10000, rate: 500, seconds: 10, concurrency: 256, rounds: 5, batch: 500, redis: 'aof' }, { redis: ['aof', 'none', 'shared'] });
  const load = loadAverage();
  const db = await benchDatabase({ settings: { track_commit_timestamp: 'on' } });
  if (args.redis === 'shared' && !process.env.REDIS_URL) throw new Error('--redis shared needs REDIS_URL');
  const redisDir = args.redis === 'shared' ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bench-redis-'));
  const privateRedis = redisDir
    ? await startPrivateRedis({ dataDir: redisDir, port: await findFreePort(), persistent: args.redis === 'aof', log: { info: () => undefined, warn: log, error: log } })
    : undefined;
  const redisUrl = privateRedis?.url ?? (process.env.REDIS_URL as string);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const prefix = `laurel-bench:${schema}`;
  const admin = new Pool({ connectionString: db.url, max: 8 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new Pool({ connectionString: db.url, max: 16, options: `-c search_path=${schema},public` });
  const store = await PostgresEventStore.connect({ pool: admin });
  await migrateNotifications(pool);
  const settings: NotificationSettings = { redis: { url: redisUrl }, prefix, concurrency: { in_app: args.concurrency, email: 8, webhook: 16 }, attempts: 3, backoffMs: 500, batchSize: args.batch, timerResyncMs: 0, webhookTimeoutMs: 5000 };
  // Deliveries are counted in process as the channel records them (polling count(*) on the inbox
  // would load the database the pipeline runs on); the inbox is counted once per phase to check.
  // When each event's inbox row was acknowledged (the INSERT's commit, as seen here).
  let deliveredCount = 0;
  const deliveredAt = new Map<string, number>();
  const onDelivered = (job: { sourceId: string }) => {
    deliveredCount += 1;
    deliveredAt.set(job.sourceId, Date.now());
  };
  const runtime = () => new NotificationRuntime({ pool, store, runner: new CommandRunner(store, new Clock()), settings, name: 'bench', onDelivered });

  // Who is notified: one officer of one unit, for a few hundred initiatives (directory rows only).
  const unit = `unit-${schema}`;
  const initiatives = Array.from({ length: 200 }, (_, i) => `${schema}-${i}`);
  await pool.query(`INSERT INTO notification_users VALUES ('officer-${schema}', $1, '{unit_officer}', 'o@example.test', 'Officer')`, [unit]);
  await pool.query(`INSERT INTO notification_initiatives (initiative_id, unit_id, title, author_ids) SELECT unnest($1::text[]), $2, 'Bench', '{}'`, [initiatives, unit]);
  const returned = (i: number) => ({ eventId: randomUUID(), type: 'DossierReturned', data: { initiativeId: initiatives[i % initiatives.length], reason: 'bench', screenedAt: new Date().toISOString() } });
  const expectInbox = async (expected: number) => {
    const rows = Number((await pool.query('SELECT count(*) AS n FROM notification_inbox')).rows[0].n);
    if (rows !== expected) throw new Error(`inbox has ${rows} rows, expected ${expected}`);
  };

  /** The same number of no-op jobs, added with addBulk and processed by a bare worker of the same concurrency. */
  const baseline = async (queue: Queue): Promise<number> => {
    const bareConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const bareWorker = new Worker('baseline', async () => undefined, { connection: bareConnection, prefix, concurrency: args.concurrency });
    let done = 0;
    bareWorker.on('completed', () => (done += 1));
    const b0 = Date.now();
    for (let i = 0; i < args.events; i += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, args.events - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
    }
    while (done < args.events) await sleep(10);
    const perSec = args.events / ((Date.now() - b0) / 1000);
    await bareWorker.close();
    bareConnection.disconnect();
    return perSec;
  };

  // 1 and 3, in rounds: our pipeline draining a backlog, then bare BullMQ on the same Redis; the
  // medians are reported (single runs of either vary by ±15 % on a 2-core machine).
  // The dispatcher starts at the log's head as it is now (DATABASE_URL may hold other runs' events).
  await pool.query(`INSERT INTO notification_checkpoints (subscriber, position) VALUES ('bench', $1)`, [await store.headPosition()]);
  let deliveredBefore = 0;
  const ours: number[] = [];
  const bare: number[] = [];
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const baselineQueue = new Queue('baseline', { connection, prefix });
  for (let r = 0; r < args.rounds; r++) {
    for (let i = 0; i < args.events; i += 100) {
      await store.appendToStream(`initiative-${schema}-t${r}-${i}`, Array.from({ length: Math.min(100, args.events - i) }, (_, k) => returned(i + k)), { expectedVersion: 'no_stream' });
    }
    const drainer = runtime();
    const t0 = Date.now();
    await drainer.start();
    deliveredBefore += args.events;
    while (deliveredCount < deliveredBefore) await sleep(5);
    ours.push(args.events / ((Date.now() - t0) / 1000));
    await expectInbox(deliveredBefore);
    await drainer.dispatcher.caughtUp();
    await drainer.stop();
    bare.push(await baseline(baselineQueue));
    log(`round ${r + 1}: ${round(ours[r])} notifications/s, bare BullMQ ${round(bare[r])} jobs/s`);
  }
  const deliveredPerSec = median(ours);
  const baselineJobsPerSec = median(bare);

  // 2. Latency at a steady rate.
  const worker = runtime();
  await worker.start();
  const total = args.rate * args.seconds;
  const appended = new Map<string, { at: number; tx: string }>();
  deliveredAt.clear();
  const start = Date.now();
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / args.rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const event = returned(i);
    appends.push(
      store
        .appendToStream(`initiative-${schema}-l${i}`, [event], { expectedVersion: 'no_stream' })
        // A PostgreSQL position's first number is the appending transaction's id.
        .then((r) => appended.set(event.eventId, { at: Date.now(), tx: decodePosition(r.position).major.toString() })),
    );
  }
  await Promise.all(appends);
  while (deliveredCount < deliveredBefore + total) await sleep(50);
  await expectInbox(deliveredBefore + total);
  const commitTimestamps = (await pool.query<{ track_commit_timestamp: string }>('SHOW track_commit_timestamp')).rows[0].track_commit_timestamp === 'on';
  const { rows } = await pool.query<{ event_id: string; at: string; committed: string | null }>(
    `SELECT event_id, (extract(epoch FROM created_at) * 1000)::float8 AS at,
            ${commitTimestamps ? '(extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8' : 'NULL'} AS committed
       FROM notification_inbox`,
  );
  const eventCommits = new Map<string, number>();
  if (commitTimestamps) {
    const txs = [...new Set([...appended.values()].map((a) => a.tx))];
    const commits = await pool.query<{ tx: string; committed: string }>(
      'SELECT tx, (extract(epoch FROM pg_xact_commit_timestamp(tx::xid8::xid)) * 1000)::float8 AS committed FROM unnest($1::text[]) AS tx',
      [txs],
    );
    for (const c of commits.rows) eventCommits.set(c.tx, Number(c.committed));
  }
  const latencies: number[] = [];
  const commitToCommit: number[] = [];
  const observed: number[] = [];
  for (const r of rows) {
    const a = appended.get(r.event_id);
    if (!a) continue;
    latencies.push(Number(r.at) - a.at);
    const eventCommit = eventCommits.get(a.tx);
    if (r.committed !== null && eventCommit !== undefined) commitToCommit.push(Number(r.committed) - eventCommit);
    const delivered = deliveredAt.get(r.event_id);
    if (delivered !== undefined) observed.push(delivered - a.at);
  }
  for (const list of [latencies, commitToCommit, observed]) list.sort((a, b) => a - b);
  if (commitTimestamps && commitToCommit.length !== total) throw new Error(`commit timestamps for ${commitToCommit.length} of ${total} notifications`);
  await worker.stop();

  const redisConfig = await connection.config('GET', 'appendonly', 'appendfsync').then(
    (pairs) => Object.fromEntries((pairs as string[]).flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : []))),
    () => ({}), // CONFIG may be refused on a managed Redis
  );
  await baselineQueue.obliterate({ force: true });
  await baselineQueue.close();
  connection.disconnect();
  const leftovers = openQueues({ redis: { url: redisUrl }, prefix });
  await Promise.all(leftovers.all.map((q) => q.obliterate({ force: true }))).catch(() => undefined);
  await leftovers.close();

  console.log(
    JSON.stringify({
      bench: 'notifications',
      loadAverage: load,
      loadAverageAtEnd: loadAverage(),
      redis: { mode: args.redis, ...redisConfig },
      events: args.events,
      concurrency: args.concurrency,
      rounds: args.rounds,
      deliveredPerSec: round(deliveredPerSec),
      steadyRatePerSec: args.rate,
      commitTimestamps,
      commitToInboxCommitP50Ms: commitTimestamps ? percentile(commitToCommit, 50) : null,
      commitToInboxCommitP99Ms: commitTimestamps ? percentile(commitToCommit, 99) : null,
      observedCommitToInboxCommitP50Ms: percentile(observed, 50),
      observedCommitToInboxCommitP99Ms: percentile(observed, 99),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      baselineJobsPerSec: round(baselineJobsPerSec),
      ratioToBaseline: round(deliveredPerSec / baselineJobsPerSec),
      perRound: { deliveredPerSec: ours.map((v) => round(v)), baselineJobsPerSec: bare.map((v) => round(v)) },
    }),
  );
  await store.close();
  await pool.end();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
  await privateRedis?.stop();
  if (redisDir) fs.rmSync(redisDir, { recursive: true, force: true });
  await db.stop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
