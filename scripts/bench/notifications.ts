import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock, CommandRunner } from '@laurel/application';
import { PostgresEventStore } from '@laurel/event-store';
import { findFreePort, startPrivateRedis } from '@laurel/infra';
import { NotificationRuntime, migrateNotifications, openQueues, type NotificationSettings } from '@laurel/notifications';
import { benchDatabase } from './database';
import { parseArgs, percentile, round } from './stats';

/**
 * `npm run bench:notifications -- --events 10000 --rate 500 --seconds 10 --concurrency 256 --rounds 5 --batch 500`
 *
 * Per round: 1. Throughput: `events` DossierReturned events already in the log, each notifying one
 *    unit officer in-app; a notification runtime starts and drains them (dispatch, addBulk,
 *    delivery, batched inbox inserts), timed from start to the last inbox row. 3. Baseline: the
 *    same number of no-op jobs added with addBulk and processed by a bare BullMQ worker of the same
 *    concurrency, on the same Redis. The medians of the rounds are reported.
 * Then 2. Latency: a steady `rate` events/s for `seconds`, from append to inbox row.
 * Prints one JSON line.
 */
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { events: 10000, rate: 500, seconds: 10, concurrency: 256, rounds: 5, batch: 500 });
  const db = await benchDatabase();
  const privateRedis = process.env.REDIS_URL
    ? undefined
    : await startPrivateRedis({ dataDir: path.join(os.tmpdir(), `laurel-bench-redis-${process.pid}`), port: await findFreePort(), persistent: false, log: { info: () => undefined, warn: log, error: log } });
  const redisUrl = process.env.REDIS_URL ?? (privateRedis?.url as string);
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
  let deliveredCount = 0;
  const runtime = () => new NotificationRuntime({ pool, store, runner: new CommandRunner(store, new Clock()), settings, name: 'bench', onDelivered: () => (deliveredCount += 1) });

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
  const appendedAt = new Map<string, number>();
  const start = Date.now();
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / args.rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const event = returned(i);
    appends.push(store.appendToStream(`initiative-${schema}-l${i}`, [event], { expectedVersion: 'no_stream' }).then(() => appendedAt.set(event.eventId, Date.now())));
  }
  await Promise.all(appends);
  while (deliveredCount < deliveredBefore + total) await sleep(50);
  await expectInbox(deliveredBefore + total);
  const { rows } = await pool.query<{ event_id: string; at: string }>('SELECT event_id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM notification_inbox');
  const latencies = rows.flatMap((r) => (appendedAt.has(r.event_id) ? [Number(r.at) - (appendedAt.get(r.event_id) as number)] : [])).sort((a, b) => a - b);
  await worker.stop();

  await baselineQueue.obliterate({ force: true });
  await baselineQueue.close();
  connection.disconnect();
  const leftovers = openQueues({ redis: { url: redisUrl }, prefix });
  await Promise.all(leftovers.all.map((q) => q.obliterate({ force: true }))).catch(() => undefined);
  await leftovers.close();

  console.log(
    JSON.stringify({
      events: args.events,
      concurrency: args.concurrency,
      rounds: args.rounds,
      deliveredPerSec: round(deliveredPerSec),
      steadyRatePerSec: args.rate,
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
