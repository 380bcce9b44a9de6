/**
 * Jest globalSetup of the `integration` project.
 *
 * PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL, else an embedded PostgreSQL in
 * `<rootDir>/.data/test-pg` on 127.0.0.1:54339 (TEST_EMBEDDED_PG_PORT), fsync off. Each run
 * gets a fresh database `laurel_test_<pid>_<time>` on that server, dropped in teardown (on an
 * external server without CREATEDB the given database is used as it is).
 *
 * Redis: TEST_REDIS_URL, else REDIS_URL, else a private redis-server on 127.0.0.1:6399
 * (TEST_EMBEDDED_REDIS_PORT) without persistence. A missing redis-server binary does not
 * stop the run: testRedisUrl() then throws the install instructions.
 *
 * Tests read the results from process.env (set here before the workers start):
 * DATABASE_URL and TEST_DATABASE_URL (the run's database), REDIS_URL and TEST_REDIS_URL,
 * LAUREL_TEST_RUN_ID, and LAUREL_TEST_REDIS_UNAVAILABLE when there is no Redis. Use the
 * helpers in ./test-env.
 *
 * LAUREL_TEST_INFRA_LOG=info|debug shows what the embedded servers do (default: warnings only).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../infra/src/embedded/embedded-postgres';
import { EmbeddedLogger } from '../../infra/src/embedded/logger';
import { PrivateRedis, RedisServerNotFoundError, startPrivateRedis } from '../../infra/src/embedded/private-redis';
import { envPort, isAlive } from '../../infra/src/embedded/process-utils';
import { redactUrl } from '../../infra/src/embedded/runtime';

export const TEST_EMBEDDED_PG_PORT = 54339;
export const TEST_EMBEDDED_REDIS_PORT = 6399;
const STATE_KEY = '__LAUREL_TEST_INFRA__';
const ENV_KEYS = [
  'DATABASE_URL',
  'TEST_DATABASE_URL',
  'REDIS_URL',
  'TEST_REDIS_URL',
  'LAUREL_TEST_RUN_ID',
  'LAUREL_TEST_REDIS_UNAVAILABLE',
  'AUDIT_SIGNING_KEY',
] as const;

export interface TestInfraState {
  teardown(): Promise<void>;
}

export default async function globalSetup(_globalConfig: unknown, projectConfig?: { rootDir?: string }): Promise<void> {
  const rootDir = projectConfig?.rootDir ?? process.cwd();
  const log = testLogger();
  const env = process.env;
  const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, env[key]]));
  const runId = `${process.pid}_${Date.now().toString(36)}`;

  const externalDb = nonEmpty(env.TEST_DATABASE_URL) ?? nonEmpty(env.DATABASE_URL);
  const externalRedis = nonEmpty(env.TEST_REDIS_URL) ?? nonEmpty(env.REDIS_URL);

  const [pgResult, redisResult] = await Promise.allSettled([
    externalDb
      ? Promise.resolve(undefined)
      : startTestPostgres(path.join(rootDir, '.data', 'test-pg'), log),
    externalRedis
      ? Promise.resolve(undefined)
      : startPrivateRedis({
          dataDir: path.join(rootDir, '.data', 'test-redis'),
          port: envPort('TEST_EMBEDDED_REDIS_PORT') ?? TEST_EMBEDDED_REDIS_PORT,
          persistent: false,
          detached: false,
          log,
        }),
  ]);

  const pg: EmbeddedPostgres | undefined = pgResult.status === 'fulfilled' ? pgResult.value : undefined;
  let redis: PrivateRedis | undefined;
  let redisUnavailable: string | undefined;
  if (redisResult.status === 'fulfilled') {
    redis = redisResult.value;
  } else if (redisResult.reason instanceof RedisServerNotFoundError) {
    redisUnavailable = redisResult.reason.message;
    log.warn(`no Redis for integration tests; tests that need one will fail.\n${redisUnavailable}`);
  }

  const stopServers = async () => {
    await redis?.stop();
    await pg?.stop();
  };

  if (pgResult.status === 'rejected' || (redisResult.status === 'rejected' && !redisUnavailable)) {
    await stopServers();
    throw pgResult.status === 'rejected' ? pgResult.reason : (redisResult as PromiseRejectedResult).reason;
  }

  // A fresh database for this run.
  const serverUrl = externalDb ?? (pg as EmbeddedPostgres).adminUrl;
  const runDatabase = `laurel_test_${runId}`;
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  try {
    if (pg) await dropStaleRunDatabases(serverUrl, log);
    await withClient(serverUrl, (c) => c.query(`create database ${c.escapeIdentifier(runDatabase)}`));
    databaseUrl = withDatabase(serverUrl, runDatabase);
    dropDatabase = () => dropDatabaseForce(serverUrl, runDatabase);
  } catch (err) {
    if (!externalDb || (err as { code?: string }).code !== '42501') {
      await stopServers();
      throw err;
    }
    log.warn(`no CREATEDB privilege on ${redactUrl(externalDb)}: tests share that database as it is`);
    databaseUrl = externalDb;
  }

  const redisUrl = externalRedis ?? redis?.url;
  env.DATABASE_URL = databaseUrl;
  env.TEST_DATABASE_URL = databaseUrl;
  env.LAUREL_TEST_RUN_ID = runId;
  // One checkpoint signing key for the whole run: every test file that runs a sealer (the worker,
  // the console's in-process system) signs the run's shared log with it, and every verifier in
  // another file checks against it (a key per file would make another file's checkpoints "forged").
  env.AUDIT_SIGNING_KEY ??= randomBytes(32).toString('base64');
  if (redisUrl) {
    env.REDIS_URL = redisUrl;
    env.TEST_REDIS_URL = redisUrl;
    delete env.LAUREL_TEST_REDIS_UNAVAILABLE;
  } else {
    delete env.REDIS_URL;
    delete env.TEST_REDIS_URL;
    env.LAUREL_TEST_REDIS_UNAVAILABLE = redisUnavailable ?? 'no Redis for this run';
  }

  process.stderr.write(
    `\n[test-infra] PostgreSQL: ${pg ? `embedded 127.0.0.1:${pg.port}` : `external ${redactUrl(externalDb as string)}`}, ` +
      `database ${databaseUrl === externalDb ? '(shared)' : runDatabase}; ` +
      `Redis: ${redis ? `private 127.0.0.1:${redis.port}` : externalRedis ? `external ${redactUrl(externalRedis)}` : 'none'}\n`,
  );

  // scripts/test.sh runs companion jest processes beside this one (the console's browser tests, the
  // long-running files) on these servers, each with its own database and Redis logical database:
  // tell them where they are, and keep the servers up until each says it is done (the busy files,
  // separated by ':', are gone).
  const serversOut = nonEmpty(env.LAUREL_TEST_SERVERS_OUT);
  if (serversOut) fs.writeFileSync(serversOut, JSON.stringify({ postgres: serverUrl, redis: redisUrl ?? null }), { mode: 0o600 });

  const state: TestInfraState = {
    teardown: async () => {
      const busy = (nonEmpty(env.LAUREL_TEST_SERVERS_BUSY) ?? '').split(':').filter(Boolean);
      for (const deadline = Date.now() + 15 * 60_000; busy.some((file) => fs.existsSync(file)) && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      try {
        await dropDatabase?.();
      } catch (err) {
        log.warn(`could not drop test database ${runDatabase}: ${(err as Error).message}`);
      }
      await stopServers();
      for (const key of ENV_KEYS) {
        if (savedEnv[key] === undefined) delete env[key];
        else env[key] = savedEnv[key];
      }
    },
  };
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;
}

export function takeTestInfraState(): TestInfraState | undefined {
  const g = globalThis as Record<string, unknown>;
  const state = g[STATE_KEY] as TestInfraState | undefined;
  delete g[STATE_KEY];
  return state;
}

/**
 * The test cluster runs with fsync off, so a machine crash can leave it unusable; it holds
 * nothing worth keeping, so one failed start recreates it (port clashes are not retried).
 */
async function startTestPostgres(dataDir: string, log: EmbeddedLogger): Promise<EmbeddedPostgres> {
  const start = () =>
    startEmbeddedPostgres({
      dataDir,
      port: envPort('TEST_EMBEDDED_PG_PORT') ?? TEST_EMBEDDED_PG_PORT,
      database: 'postgres',
      durable: false,
      // Same process group as jest: a Ctrl-C stops it together with the run.
      detached: false,
      log,
    });
  try {
    return await start();
  } catch (err) {
    const message = (err as Error).message;
    if (/already in use|already running|binaries|cannot/i.test(message)) throw err;
    log.warn(`recreating the test cluster in ${dataDir} after a failed start: ${message.split('\n')[0]}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return start();
  }
}

function testLogger(): EmbeddedLogger {
  const level = (process.env.LAUREL_TEST_INFRA_LOG ?? 'warn').toLowerCase();
  const out = (prefix: string) => (message: string) => process.stderr.write(`[test-infra] ${prefix}${message}\n`);
  return {
    debug: level === 'debug' ? out('') : () => undefined,
    info: level === 'debug' || level === 'info' ? out('') : () => undefined,
    warn: out('warning: '),
    error: out('error: '),
  };
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function dropDatabaseForce(serverUrl: string, database: string): Promise<void> {
  await withClient(serverUrl, async (c) => {
    try {
      await c.query(`drop database if exists ${c.escapeIdentifier(database)} with (force)`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42601') throw err; // syntax error: server older than 13
      await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      await c.query(`drop database if exists ${c.escapeIdentifier(database)}`);
    }
  });
}

/** On the embedded test server only: drop run databases whose jest process is gone (a killed run). */
async function dropStaleRunDatabases(serverUrl: string, log: EmbeddedLogger): Promise<void> {
  const rows = await withClient(serverUrl, (c) =>
    c.query<{ datname: string }>(`select datname from pg_database where datname like 'laurel\\_test\\_%'`),
  );
  for (const { datname } of rows.rows) {
    const pid = Number(/^laurel_test_(\d+)_/.exec(datname)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    log.info(`dropping ${datname} left by an earlier run`);
    await dropDatabaseForce(serverUrl, datname).catch((err: Error) => log.warn(`could not drop ${datname}: ${err.message}`));
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
