import { Counter, Gauge, type Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { DeadLetters } from './store/dead-letters';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** A scrape must answer even while Redis is away: a slow source gives no sample, not a hung scrape. */
function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  return Promise.race([work.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

export interface NotificationMetrics {
  delivered: Counter<'channel'>;
  failures: Counter<'channel' | 'final'>;
  replacements: Counter<'queue' | 'reason'>;
}

/** Queue depth per state, dead letters awaiting replay, deliveries and failures, in /metrics. */
export function registerNotificationMetrics(registry: Registry, queues: readonly Queue[], deadLetters: DeadLetters): NotificationMetrics {
  const existing = registry.getSingleMetric('laurel_notification_deliveries_total');
  if (existing) {
    return {
      delivered: existing as Counter<'channel'>,
      failures: registry.getSingleMetric('laurel_notification_delivery_failures_total') as Counter<'channel' | 'final'>,
      replacements: registry.getSingleMetric('laurel_queue_worker_replacements_total') as Counter<'queue' | 'reason'>,
    };
  }
  new Gauge({
    name: 'laurel_queue_jobs',
    help: 'BullMQ jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await within(1000, queue.getJobCounts(...STATES));
        if (counts) for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'laurel_notification_dead_letters',
    help: 'Notification jobs in the dead letters, not yet replayed',
    registers: [registry],
    async collect() {
      const open = await within(1000, deadLetters.open());
      if (open !== undefined) this.set(open);
    },
  });
  return {
    delivered: new Counter({ name: 'laurel_notification_deliveries_total', help: 'Notifications delivered, per channel', labelNames: ['channel'], registers: [registry] }),
    failures: new Counter({
      name: 'laurel_notification_delivery_failures_total',
      help: 'Failed delivery attempts, per channel; final="true" when the job went to the dead letters',
      labelNames: ['channel', 'final'],
      registers: [registry],
    }),
    replacements: new Counter({
      name: 'laurel_queue_worker_replacements_total',
      help: 'Queue workers replaced because they took no ready job for NOTIFICATIONS_WORKER_STALL_MS (reason "stalled") or their loop ended (reason "stopped")',
      labelNames: ['queue', 'reason'],
      registers: [registry],
    }),
  };
}
