import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { DeadLetters, Inbox, PreferenceStore, migrateNotifications, openQueues, type NotificationQueues } from '@laurel/notifications';
import { LaurelConfig, redisTarget } from '@laurel/infra';

/**
 * What the API reads and writes of notifications: the inbox, preferences, dead letters (PostgreSQL)
 * and, only for replays and the dashboard, the queues. Commands never touch Redis: the API accepts
 * them while Redis is down.
 */
@Injectable()
export class NotificationStores implements OnModuleInit, OnApplicationShutdown {
  readonly inbox: Inbox;
  readonly preferences: PreferenceStore;
  readonly deadLetters: DeadLetters;
  private opened: NotificationQueues | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly config: LaurelConfig,
  ) {
    this.inbox = new Inbox(pool);
    this.preferences = new PreferenceStore(pool);
    this.deadLetters = new DeadLetters(pool);
  }

  async onModuleInit(): Promise<void> {
    await migrateNotifications(this.pool);
  }

  /** The worker's queues, opened on first use (same Redis and NOTIFICATIONS_QUEUE_PREFIX as the worker). */
  get queues(): NotificationQueues {
    this.opened ??= openQueues({ redis: redisTarget(this.config), prefix: process.env.NOTIFICATIONS_QUEUE_PREFIX || 'laurel' });
    return this.opened;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened?.close();
  }
}
