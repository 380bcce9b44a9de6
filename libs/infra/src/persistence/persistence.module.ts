import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@laurel/event-store';
import { KurrentDbEventStore } from '@laurel/event-store/kurrentdb';
import { LaurelConfig } from '../config/laurel.config';
import { databasePoolConfig, guardedPool } from './database-pool';
import { connectRedis, redisTarget } from '../redis/redis-target';
import { ReadDatabase } from './read-database';

export const REDIS = Symbol('REDIS');

/** Closes the shared connections when the application shuts down, event store first. */
@Injectable()
class ConnectionsShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly reads: ReadDatabase,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.reads.close();
    await this.pool.end();
    this.redis.disconnect();
  }
}

/**
 * The shared PostgreSQL pool, the event store (on it, or on KurrentDB with EVENT_STORE=kurrentdb),
 * where read-model queries run (`ReadDatabase`: the replica of READ_DATABASE_URL, else the pool),
 * and a Redis connection.
 */
@Global()
@Module({
  providers: [
    {
      provide: Pool,
      inject: [LaurelConfig],
      useFactory: (config: LaurelConfig) => {
        const logger = new Logger('PostgreSQL');
        // A dropped connection is logged and replaced, never an uncaught exception that ends the process.
        return guardedPool(databasePoolConfig(config), (error) => logger.warn(`connection lost: ${error.message}`));
      },
    },
    {
      provide: ReadDatabase,
      inject: [Pool, LaurelConfig],
      useFactory: (pool: Pool, config: LaurelConfig) => {
        if (!config.READ_DATABASE_URL) return new ReadDatabase(pool);
        const logger = new Logger('PostgreSQL replica');
        // The primary's timeouts and pool size; its own application_name, to tell its sessions apart.
        const settings = databasePoolConfig({ ...config, DATABASE_URL: config.READ_DATABASE_URL }, 'laurel-read');
        return new ReadDatabase(pool, { pool: guardedPool(settings, (error) => logger.warn(`connection lost: ${error.message}`)), settings });
      },
    },
    {
      provide: EVENT_STORE,
      inject: [Pool, LaurelConfig],
      // EVENT_STORE=kurrentdb moves only the log: read models, checkpoints and queues stay on the pool.
      useFactory: async (pool: Pool, config: LaurelConfig): Promise<EventStore> => {
        const postgres = await PostgresEventStore.connect({
          pool,
          appendConcurrency: config.EVENT_STORE_APPEND_CONCURRENCY,
          pollIntervalMs: config.EVENT_STORE_POLL_INTERVAL_MS,
        });
        if (config.EVENT_STORE !== 'kurrentdb') return postgres;
        // Its migrations stay applied (a log copied back with event-store:copy finds its table), but
        // nothing above the port reads es_events: read models, lag and look-ups follow this store.
        await postgres.close();
        return KurrentDbEventStore.connect({ connectionString: config.KURRENTDB_URL });
      },
    },
    {
      provide: REDIS,
      inject: [LaurelConfig],
      // Health checks must answer quickly when Redis is down, not queue commands forever.
      useFactory: (config: LaurelConfig) => connectRedis(redisTarget(config), { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }),
    },
    ConnectionsShutdown,
  ],
  exports: [Pool, ReadDatabase, EVENT_STORE, REDIS],
})
export class PersistenceModule {}
