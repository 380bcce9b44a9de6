import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { EventStore } from '@laurel/event-store';
import type { CommandRunner } from '@laurel/application';
import { DeliveryWorker } from './delivery/delivery-worker';
import { EmailSender } from './delivery/email';
import { WebhookSender } from './delivery/webhook';
import { Directory } from './dispatch/directory';
import { NotificationDispatcher } from './dispatch/dispatcher';
import { Fanout } from './dispatch/fanout';
import { registerNotificationMetrics } from './metrics';
import { openQueues, type NotificationQueues } from './queues';
import type { NotificationSettings } from './settings';
import type { NotificationJob } from './notification';
import { DeadLetters } from './store/dead-letters';
import { DeliveryLog } from './store/deliveries';
import { PreferenceStore } from './store/preferences';
import { migrateNotifications } from './store/schema';
import { TimerWorker } from './timers/timer-worker';
import type { WorkerReplacement } from './supervised-worker';

export interface RuntimeOptions {
  pool: Pool;
  store: EventStore;
  runner: CommandRunner;
  settings: NotificationSettings;
  registry?: Registry;
  /** Names the dispatcher's checkpoint and lease (default `notifications`). */
  name?: string;
  /** Which parts run in this process (all by default). */
  parts?: { dispatcher?: boolean; delivery?: boolean; timers?: boolean };
  onError?: (error: unknown) => void;
  /** Told when the dispatcher found that Redis lost jobs, and where it replays the feed from. */
  onRedisDataLost?: (replayFrom: string, lostAt: string) => void;
  /** How often the dispatcher looks whether Redis lost data (default 1 s). */
  redisCheckMs?: number;
  /** Told when a queue's worker stopped taking ready jobs and was replaced by a fresh one. */
  onWorkerReplaced?: (replacement: WorkerReplacement) => void;
  /** Called after each delivery (the channel has recorded it), e.g. to count deliveries. */
  onDelivered?: (job: NotificationJob) => void;
}

/**
 * The worker's notification machinery, assembled without Nest so the worker process, the tests and
 * the benchmark all run the same thing: the dispatcher (feed → jobs), the delivery worker and the
 * timer worker.
 */
export class NotificationRuntime {
  readonly queues: NotificationQueues;
  readonly dispatcher: NotificationDispatcher;
  readonly timers: TimerWorker;
  readonly deliveries: DeliveryWorker;
  readonly deadLetters: DeadLetters;
  private readonly email: EmailSender | undefined;

  constructor(private readonly options: RuntimeOptions) {
    const { pool, store, runner, settings } = options;
    const onError = options.onError ?? (() => undefined);
    const preferences = new PreferenceStore(pool);
    const directory = new Directory(pool);
    const log = new DeliveryLog(pool);
    this.queues = openQueues(settings);
    this.deadLetters = new DeadLetters(pool);
    const fanout = new Fanout(this.queues.delivery, preferences, directory, settings);
    const name = options.name ?? 'notifications';
    this.dispatcher = new NotificationDispatcher(pool, store, this.queues, fanout, directory, {
      name,
      batchSize: settings.batchSize,
      leaseRetryMs: 1000,
      redisMarkerKey: `${settings.prefix}:dispatched:${name}`,
      redisCheckMs: options.redisCheckMs,
      onError,
      onRedisDataLost: options.onRedisDataLost,
    });
    const metrics = options.registry ? registerNotificationMetrics(options.registry, this.queues.all, this.deadLetters) : undefined;
    const onReplaced = (replacement: WorkerReplacement) => {
      metrics?.replacements.inc({ queue: replacement.queue, reason: replacement.reason });
      options.onWorkerReplaced?.(replacement);
    };
    this.timers = new TimerWorker(pool, settings, runner, this.queues, directory, fanout, onError, onReplaced);
    this.email = settings.smtp ? new EmailSender(settings.smtp, directory, preferences, log) : undefined;
    this.deliveries = new DeliveryWorker(pool, settings, this.queues.delivery, this.deadLetters, this.email, new WebhookSender(preferences, log, settings.webhookTimeoutMs, settings.webhooks), {
      onDelivered: (job) => {
        metrics?.delivered.inc({ channel: job.channel });
        options.onDelivered?.(job);
      },
      onFailed: (job, _error, final) => metrics?.failures.inc({ channel: job.channel, final: String(final) }),
      onReplaced,
    });
  }

  async start(): Promise<void> {
    await migrateNotifications(this.options.pool);
    const parts = { dispatcher: true, delivery: true, timers: true, ...this.options.parts };
    if (parts.delivery) this.deliveries.start();
    if (parts.timers) await this.timers.start();
    if (parts.dispatcher) this.dispatcher.start();
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await Promise.allSettled([this.deliveries.stop(), this.timers.stop()]);
    this.email?.close();
    await this.queues.close();
  }
}
