/**
 * Helpers for integration tests. The URLs come from the integration project's globalSetup
 * (libs/testing/src/global-setup.ts), which puts them into process.env before the workers
 * start.
 */
import { randomBytes } from 'node:crypto';
import Redis, { RedisOptions } from 'ioredis';
import { Pool, PoolConfig } from 'pg';

/** The run's PostgreSQL database (fresh for this jest run). */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'No test database: run integration tests through jest\'s "integration" project ' +
        '(npx jest --selectProjects integration), whose globalSetup provides one, or set TEST_DATABASE_URL.',
    );
  }
  return url;
}

/** The run's Redis; throws how to install redis-server when the run has none. */
export function testRedisUrl(): string {
  const unavailable = process.env.LAUREL_TEST_REDIS_UNAVAILABLE;
  if (unavailable) throw new Error(unavailable);
  const url = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!url) {
    throw new Error(
      'No test Redis: run integration tests through jest\'s "integration" project ' +
        '(npx jest --selectProjects integration), whose globalSetup provides one, or set TEST_REDIS_URL.',
    );
  }
  return url;
}

/** True when the run has a Redis (for `describe.skip`-style gating; prefer failing loudly). */
export function hasTestRedis(): boolean {
  return !process.env.LAUREL_TEST_REDIS_UNAVAILABLE && Boolean(process.env.TEST_REDIS_URL ?? process.env.REDIS_URL);
}

/** A pg Pool on the run's database. End it in afterAll: `await pool.end()`. */
export function createPool(config: Omit<PoolConfig, 'connectionString'> = {}): Pool {
  const pool = new Pool({ max: 5, ...config, connectionString: testDatabaseUrl() });
  pool.on('error', () => undefined); // idle clients killed by teardown must not crash the worker
  return pool;
}

/** An ioredis client on the run's Redis. Close it in afterAll: `await redis.quit()`. */
export function createRedisClient(options: RedisOptions = {}): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null, ...options });
}

/** Identifies this jest run (same in every worker). */
export function testRunId(): string {
  return process.env.LAUREL_TEST_RUN_ID ?? `local_${process.pid}`;
}

let counter = 0;
/**
 * A name no other test, worker or run uses: stream names, queue names, key prefixes.
 * `uniqueName('Initiative')` → `Initiative-<run>-<pid>-<n>-<random>`.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${testRunId()}-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}

/** A Redis key / BullMQ prefix for this run, so a shared (external) Redis stays tidy. */
export function testKeyPrefix(): string {
  return `laurel-test:${testRunId()}:`;
}
