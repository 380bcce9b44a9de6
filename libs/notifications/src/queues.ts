import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { NotificationJob } from './notification';
import { QUEUES, type NotificationSettings } from './settings';

export interface TimerJob {
  initiativeId: string;
  kind: string;
  stage: string;
  dueAt: string;
}

/**
 * A producer connection: commands fail at once while Redis is away instead of queueing in memory,
 * so the dispatcher keeps its checkpoint and retries the batch when Redis is back.
 */
export function producerConnection(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
}

/** A consumer connection: BullMQ workers need blocking commands that wait out a Redis restart. */
export function consumerConnection(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

export function deliveryJobOptions(settings: Pick<NotificationSettings, 'attempts' | 'backoffMs'>): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    // Completed ids are kept a day so a late re-enqueue is ignored by BullMQ itself; the channels
    // refuse repeats anyway (inbox and delivery records keyed by job id).
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export interface NotificationQueues {
  delivery: Queue<NotificationJob>;
  timers: Queue<TimerJob>;
  close(): Promise<void>;
}

export function openQueues(settings: Pick<NotificationSettings, 'redisUrl' | 'prefix'>): NotificationQueues {
  const connection = producerConnection(settings.redisUrl);
  const delivery = new Queue<NotificationJob>(QUEUES.delivery, { connection, prefix: settings.prefix });
  const timers = new Queue<TimerJob>(QUEUES.timers, { connection, prefix: settings.prefix });
  delivery.on('error', () => undefined);
  timers.on('error', () => undefined);
  return {
    delivery,
    timers,
    async close() {
      await Promise.allSettled([delivery.close(), timers.close()]);
      connection.disconnect();
    },
  };
}
