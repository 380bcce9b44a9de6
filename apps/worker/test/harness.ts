import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { Clock, CommandRunner } from '@laurel/application';
import { PostgresEventStore } from '@laurel/event-store';
import { NotificationRuntime, migrateNotifications, type NotificationSettings, type RuntimeOptions } from '@laurel/notifications';
import { createPool, createRedisClient, testKeyPrefix, testRedisUrl, uniqueName } from '@laurel/testing';

/**
 * A worker's notification machinery on the test database and Redis, isolated from every other
 * test: its own PostgreSQL schema for the notification tables (the event log is shared) and its
 * own BullMQ key prefix.
 */
export interface WorkerHarness {
  schema: string;
  /** Where the dispatcher started: the end of the shared log when the harness was made. */
  startPosition: string;
  prefix: string;
  /** On the test schema (notification tables), then public (the event log). */
  pool: Pool;
  store: PostgresEventStore;
  runner: CommandRunner;
  settings: NotificationSettings;
  runtime: NotificationRuntime;
  /** A fresh runtime on the same schema, prefix and settings (a restarted worker). */
  restart(overrides?: Partial<NotificationSettings>, parts?: RuntimeOptions['parts']): Promise<NotificationRuntime>;
  /** Deletes this harness's Redis keys (the shared Redis is not ours to FLUSHALL). */
  flushRedis(): Promise<void>;
  close(): Promise<void>;
}

/** The global webhook signing secret of the test workers (Standard Webhooks form). */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('laurel-test-webhook-signing-key!').toString('base64')}`;

export function testSettings(prefix: string, overrides: Partial<NotificationSettings> = {}): NotificationSettings {
  return {
    redis: { url: testRedisUrl() },
    prefix,
    concurrency: { in_app: 32, email: 8, webhook: 8 },
    attempts: 3,
    backoffMs: 50,
    batchSize: 200,
    timerResyncMs: 0,
    webhookTimeoutMs: 2000,
    // The test receivers listen on 127.0.0.1 over plain http: allowed here explicitly.
    webhooks: { allowHttp: true, allowedHosts: ['127.0.0.1'], signingSecret: TEST_WEBHOOK_SECRET },
    ...overrides,
  };
}

export async function startWorkerHarness(
  overrides: Partial<NotificationSettings> = {},
  start = true,
  onError?: (error: unknown) => void,
  hooks: Pick<RuntimeOptions, 'onRedisDataLost' | 'onWorkerReplaced'> = {},
): Promise<WorkerHarness> {
  const schema = `n_${randomBytes(6).toString('hex')}`;
  const prefix = `${testKeyPrefix()}${uniqueName('n')}`;
  const admin = createPool({ max: 10 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool({ max: 10, options: `-c search_path=${schema},public` });
  const store = await PostgresEventStore.connect({ pool: admin, pollIntervalMs: 10 });
  await migrateNotifications(pool);
  // The event log is shared by every test file of the run: follow only what is appended from now on,
  // or the dispatcher would first work through every other test's history.
  const startPosition = await store.headPosition();
  await pool.query(`INSERT INTO notification_checkpoints (subscriber, position) VALUES ('test', $1)`, [startPosition]);
  const runner = new CommandRunner(store, new Clock());
  const settings = testSettings(prefix, overrides);
  const make = (s: NotificationSettings, parts?: RuntimeOptions['parts']) => new NotificationRuntime({ pool, store, runner, settings: s, name: 'test', parts, onError, ...hooks });
  const runtimes: NotificationRuntime[] = [];
  const harness: WorkerHarness = {
    schema,
    startPosition,
    prefix,
    pool,
    store,
    runner,
    settings,
    runtime: make(settings),
    async restart(more = {}, parts) {
      const runtime = make({ ...settings, ...more }, parts);
      runtimes.push(runtime);
      await runtime.start();
      return runtime;
    },
    async flushRedis() {
      const redis = createRedisClient();
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
    async close() {
      await Promise.allSettled([harness.runtime.stop(), ...runtimes.map((r) => r.stop())]);
      await harness.flushRedis().catch(() => undefined);
      await store.close();
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      await admin.end();
    },
  };
  if (start) await harness.runtime.start();
  return harness;
}

/**
 * Polls until `check` holds (or fails with its last value, and what `explain` says of the state the
 * condition depends on: queued jobs, their attempts and failures).
 */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000, explain?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      const why = explain ? `; state: ${JSON.stringify(await explain().catch((error: unknown) => String(error)))}` : '';
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}${why}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Inbox rows per user (counting repeats, which must never exist). */
export async function inboxOf(pool: Pool, userId: string): Promise<{ kind: string; event_id: string }[]> {
  const { rows } = await pool.query<{ kind: string; event_id: string }>('SELECT kind, event_id FROM notification_inbox WHERE user_id = $1 ORDER BY seq', [userId]);
  return rows;
}
