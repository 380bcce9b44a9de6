import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, type RedisTarget } from '@laurel/infra';
import { CHANNELS, type Channel, type NotificationJob } from './notification';
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
export function producerConnection(target: RedisTarget): Redis {
  const redis = connectRedis(target, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
}

/** A consumer connection: BullMQ workers need blocking commands that wait out a Redis restart (or a failover). */
export function consumerConnection(target: RedisTarget): Redis {
  const redis = connectRedis(target, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

/** Jobs of `queue` ready to run now: waiting or prioritized (not delayed, not active). */
export async function readyJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'prioritized');
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
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

export type DeliveryQueues = Record<Channel, Queue<NotificationJob>>;

export interface NotificationQueues {
  /** The producer connection the queues share (fails at once while Redis is away). */
  redis: Redis;
  /** One delivery queue per channel (see `NotificationSettings.concurrency`). */
  delivery: DeliveryQueues;
  timers: Queue<TimerJob>;
  /** Every queue, for the dashboard and the metrics. */
  all: readonly Queue[];
  close(): Promise<void>;
}

export interface DeliveryJobSpec {
  name: Channel;
  data: NotificationJob;
  opts: JobsOptions & { jobId: string };
}

/** Adds delivery jobs to their channels' queues: one `addBulk` per channel. */
export async function enqueueDeliveries(queues: DeliveryQueues, jobs: readonly DeliveryJobSpec[]): Promise<void> {
  await Promise.all(
    CHANNELS.map((channel) => {
      const mine = jobs.filter((j) => j.data.channel === channel);
      return mine.length > 0 ? queues[channel].addBulk(mine) : undefined;
    }),
  );
}

export function openQueues(settings: Pick<NotificationSettings, 'redis' | 'prefix'>): NotificationQueues {
  const connection = producerConnection(settings.redis);
  const delivery = Object.fromEntries(CHANNELS.map((c) => [c, new Queue<NotificationJob>(QUEUES.delivery[c], { connection, prefix: settings.prefix })])) as DeliveryQueues;
  const timers = new Queue<TimerJob>(QUEUES.timers, { connection, prefix: settings.prefix });
  const all: Queue[] = [...CHANNELS.map((c) => delivery[c]), timers];
  for (const queue of all) queue.on('error', () => undefined);
  return {
    redis: connection,
    delivery,
    timers,
    all,
    async close() {
      await Promise.allSettled(all.map((q) => q.close()));
      connection.disconnect();
    },
  };
}
