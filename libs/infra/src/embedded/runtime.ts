import * as path from 'node:path';
import {
  DEFAULT_EMBEDDED_PG_PORT,
  DEFAULT_PG_OS_USER,
  EmbeddedPostgres,
  EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from './embedded-postgres';
import { EmbeddedLogger } from './logger';
import {
  DEFAULT_EMBEDDED_REDIS_PORT,
  PrivateRedis,
  PrivateRedisOptions,
  RedisServerNotFoundError,
  startPrivateRedis,
} from './private-redis';
import { envPort, findExecutable } from './process-utils';

export type ServiceMode = 'embedded' | 'external';

export interface ResolveInfrastructureOptions {
  /** Where to read the settings from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Base directory for embedded data: PostgreSQL in `<dataDir>/pg`, Redis in `<dataDir>/redis`. Default env LAUREL_DATA_DIR, else `./.data`. */
  dataDir?: string;
  log: EmbeddedLogger;
  /** Overrides for the embedded PostgreSQL (port, durability, ...). */
  postgres?: Partial<EmbeddedPostgresOptions>;
  /** Overrides for the private redis-server. */
  redis?: Partial<PrivateRedisOptions>;
}

export interface Infrastructure {
  databaseUrl: string;
  /** REDIS_URL or the private redis-server's; absent with Redis through Sentinel (REDIS_SENTINELS) and no REDIS_URL. */
  redisUrl?: string;
  mode: { database: ServiceMode; redis: ServiceMode };
  /** The servers this call started (absent for external ones). */
  embedded: { postgres?: EmbeddedPostgres; redis?: PrivateRedis };
  /** Stops what was started here (Redis first, then PostgreSQL); external services are left alone. Idempotent. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL / REDIS_URL (or REDIS_SENTINELS) when set (external); otherwise starts the
 * embedded PostgreSQL and/or the private redis-server and returns their URLs.
 *
 * Env: DATABASE_URL, REDIS_URL, REDIS_SENTINELS, LAUREL_DATA_DIR, EMBEDDED_PG_PORT (54329),
 * EMBEDDED_PG_DATABASE (laurel), EMBEDDED_PG_OS_USER (postgres, root only),
 * EMBEDDED_REDIS_PORT (6389), EMBEDDED_REDIS_BIN (redis-server).
 */
export async function resolveInfrastructure(options: ResolveInfrastructureOptions): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const log = options.log;
  const dataDir = path.resolve(options.dataDir ?? nonEmpty(env.LAUREL_DATA_DIR) ?? '.data');
  const externalDb = nonEmpty(env.DATABASE_URL);
  const externalRedisUrl = nonEmpty(env.REDIS_URL);
  const sentinels = nonEmpty(env.REDIS_SENTINELS);
  const externalRedis = externalRedisUrl !== undefined || sentinels !== undefined;

  // Fail before starting anything when redis-server is missing.
  if (!externalRedis) {
    const binary = options.redis?.binary ?? nonEmpty(env.EMBEDDED_REDIS_BIN) ?? 'redis-server';
    if (!findExecutable(binary)) throw new RedisServerNotFoundError(binary);
  }

  const [pg, redis] = await Promise.allSettled([
    externalDb
      ? Promise.resolve(undefined)
      : startEmbeddedPostgres({
          dataDir: path.join(dataDir, 'pg'),
          port: envPort('EMBEDDED_PG_PORT', env) ?? DEFAULT_EMBEDDED_PG_PORT,
          database: nonEmpty(env.EMBEDDED_PG_DATABASE) ?? 'laurel',
          osUser: nonEmpty(env.EMBEDDED_PG_OS_USER) ?? DEFAULT_PG_OS_USER,
          log,
          ...options.postgres,
        }),
    externalRedis
      ? Promise.resolve(undefined)
      : startPrivateRedis({
          dataDir: path.join(dataDir, 'redis'),
          port: envPort('EMBEDDED_REDIS_PORT', env) ?? DEFAULT_EMBEDDED_REDIS_PORT,
          binary: nonEmpty(env.EMBEDDED_REDIS_BIN) ?? 'redis-server',
          log,
          ...options.redis,
        }),
  ]);

  if (pg.status === 'rejected' || redis.status === 'rejected') {
    // Do not leave half of it running.
    await Promise.all([
      pg.status === 'fulfilled' ? pg.value?.stop() : undefined,
      redis.status === 'fulfilled' ? redis.value?.stop() : undefined,
    ]);
    throw pg.status === 'rejected' ? pg.reason : (redis as PromiseRejectedResult).reason;
  }

  const postgres = pg.value;
  const privateRedis = redis.value;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Redis first: workers/queues drain before the event store goes away.
      await privateRedis?.stop();
      await postgres?.stop();
    })());

  if (externalDb) log.info(`using external PostgreSQL from DATABASE_URL (${redactUrl(externalDb)})`);
  if (sentinels) log.info(`using external Redis through the sentinels ${sentinels} (primary "${env.REDIS_SENTINEL_NAME ?? ''}")`);
  else if (externalRedisUrl) log.info(`using external Redis from REDIS_URL (${redactUrl(externalRedisUrl)})`);

  return {
    databaseUrl: externalDb ?? (postgres as EmbeddedPostgres).url,
    redisUrl: externalRedis ? externalRedisUrl : (privateRedis as PrivateRedis).url,
    mode: { database: externalDb ? 'external' : 'embedded', redis: externalRedis ? 'external' : 'embedded' },
    embedded: { ...(postgres ? { postgres } : {}), ...(privateRedis ? { redis: privateRedis } : {}) },
    stop,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable url>';
  }
}
