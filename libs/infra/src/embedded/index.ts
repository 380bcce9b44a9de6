export {
  DEFAULT_EMBEDDED_PG_PORT,
  DEFAULT_PG_OS_USER,
  ensureDatabase,
  startEmbeddedPostgres,
} from './embedded-postgres';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './embedded-postgres';
export { DEFAULT_EMBEDDED_REDIS_PORT, RedisServerNotFoundError, pingOnce, startPrivateRedis } from './private-redis';
export type { PrivateRedis, PrivateRedisOptions } from './private-redis';
export { redactUrl, resolveInfrastructure } from './runtime';
export type { Infrastructure, ResolveInfrastructureOptions, ServiceMode } from './runtime';
export { silentLogger } from './logger';
export type { EmbeddedLogger } from './logger';
export { findFreePort } from './process-utils';
