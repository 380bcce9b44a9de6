import { Pool, type PoolConfig } from 'pg';
import type { LaurelConfig } from '../config/laurel.config';

/** The client waits this much longer than the server's statement_timeout before it gives up on an answer. */
const CLIENT_GRACE_MS = 2000;

/** Pool settings of Laurel's own sessions: bounded waits for a connection and for an answer, session timeouts that protect the feed's horizon. */
export function databasePoolConfig(
  config: Pick<LaurelConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'>,
  applicationName = 'laurel',
): PoolConfig {
  const statementTimeout = config.DATABASE_STATEMENT_TIMEOUT_MS;
  return {
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    application_name: applicationName,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    // pg sends these as startup parameters: every session of the pool has them, nothing to SET per query.
    statement_timeout: statementTimeout > 0 ? statementTimeout : undefined,
    idle_in_transaction_session_timeout: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS > 0 ? config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS : undefined,
    // A stopped server enforces no statement_timeout: the client bounds the wait itself.
    query_timeout: statementTimeout > 0 ? statementTimeout + CLIENT_GRACE_MS : undefined,
    keepAlive: true,
  };
}

/**
 * A pool on which a dropped connection is never an uncaught exception: node-postgres emits 'error'
 * on the pool for idle clients and on each checked-out client, and an EventEmitter without a
 * listener throws. The failing query still rejects; the pool discards the broken client.
 */
export function guardedPool(config: PoolConfig, onError: (error: Error) => void): Pool {
  const pool = new Pool(config);
  guardPool(pool, onError);
  return pool;
}

/** Adds the 'error' listeners to a pool made elsewhere (see guardedPool). */
export function guardPool(pool: Pool, onError: (error: Error) => void): void {
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
}
