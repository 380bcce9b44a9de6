import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock, CommandRunner } from '@laurel/application';
import { PostgresEventStore } from '@laurel/event-store';
import { findFreePort, startPrivateRedis } from '@laurel/infra';
import { NotificationRuntime, migrateNotifications, type NotificationSettings } from '@laurel/notifications';
import { benchDatabase } from './database';
import { parseArgs, percentile, round } from './stats';

/**
 * `npm run bench:notifications -- --events 10000 --rate 500 --seconds 10 --concurrency 64`
 *
 * 1. Throughput: `events` DossierReturned events already in the log, each notifying one unit
 *    officer in-app; the worker starts and drains them (dispatch, addBulk, delivery, batched inbox
 *    inserts). 2. Latency: a steady `rate` events/s for `seconds`, from append to inbox row.
 * 3. Baseline: the same number of no-op jobs added with addBulk and processed by a bare BullMQ
 *    worker of the same concurrency, on the same Redis. Prints one JSON line.
 */
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { events: 10000, rate: 500, seconds: 10, concurrency: 64 });
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
  const store = await PostgresEventStore.connect({ pool: admin, pollIntervalMs: 5 });
  await migrateNotifications(pool);
  const settings: NotificationSettings = { redisUrl, prefix, concurrency: args.concurrency, attempts: 3, backoffMs: 500, batchSize: 1000, timerResyncMs: 0, webhookTimeoutMs: 5000 };
  const runtime = () => new NotificationRuntime({ pool, store, runner: new CommandRunner(store, new Clock()), settings, name: 'bench' });

  // Who is notified: one officer of one unit, for a few hundred initiatives (directory rows only).
  const unit = `unit-${schema}`;
  const initiatives = Array.from({ length: 200 }, (_, i) => `${schema}-${i}`);
  await pool.query(`INSERT INTO notification_users VALUES ('officer-${schema}', $1, '{unit_officer}', 'o@example.test', 'Officer')`, [unit]);
  await pool.query(`INSERT INTO notification_initiatives (initiative_id, unit_id, title, author_ids) SELECT unnest($1::text[]), $2, 'Bench', '{}'`, [initiatives, unit]);
  const returned = (i: number) => ({ eventId: randomUUID(), type: 'DossierReturned', data: { initiativeId: initiatives[i % initiatives.length], reason: 'bench', screenedAt: new Date().toISOString() } });
  const delivered = async () => Number((await pool.query('SELECT count(*) AS n FROM notification_inbox')).rows[0].n);

  // 1. Throughput.
  await pool.query(`INSERT INTO notification_checkpoints (subscriber, position) VALUES ('bench', $1)`, [await store.headPosition()]);
  log(`appending ${args.events} events`);
  for (let i = 0; i < args.events; i += 100) {
    await store.appendToStream(`initiative-${schema}-t${i}`, Array.from({ length: Math.min(100, args.events - i) }, (_, k) => returned(i + k)), { expectedVersion: 'no_stream' });
  }
  const worker = runtime();
  const t0 = Date.now();
  await worker.start();
  while ((await delivered()) < args.events) await sleep(20);
  const deliveredPerSec = args.events / ((Date.now() - t0) / 1000);
  log(`throughput: ${round(deliveredPerSec)} notifications/s`);

  // 2. Latency at a steady rate.
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
  while ((await delivered()) < args.events + total) await sleep(50);
  const { rows } = await pool.query<{ event_id: string; at: string }>('SELECT event_id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM notification_inbox');
  const latencies = rows.flatMap((r) => (appendedAt.has(r.event_id) ? [Number(r.at) - (appendedAt.get(r.event_id) as number)] : [])).sort((a, b) => a - b);
  await worker.stop();

  // 3. Bare BullMQ on the same Redis.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('baseline', { connection, prefix });
  let done = 0;
  const bare = new Worker('baseline', async () => undefined, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: args.concurrency });
  bare.on('completed', () => (done += 1));
  const b0 = Date.now();
  for (let i = 0; i < args.events; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, args.events - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
  }
  while (done < args.events) await sleep(10);
  const baselineJobsPerSec = args.events / ((Date.now() - b0) / 1000);
  await bare.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  await runtime().queues.delivery.obliterate({ force: true }).catch(() => undefined);

  console.log(
    JSON.stringify({
      events: args.events,
      concurrency: args.concurrency,
      deliveredPerSec: round(deliveredPerSec),
      steadyRatePerSec: args.rate,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      baselineJobsPerSec: round(baselineJobsPerSec),
      ratioToBaseline: round(deliveredPerSec / baselineJobsPerSec),
    }),
  );
  await store.close();
  await pool.end();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
  await privateRedis?.stop();
  await db.stop();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
