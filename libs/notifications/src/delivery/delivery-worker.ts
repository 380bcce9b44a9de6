import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { CHANNELS, type NotificationJob } from '../notification';
import type { DeliveryQueues } from '../queues';
import type { NotificationSettings } from '../settings';
import { supervisedQueueWorker, type SupervisedWorker, type WorkerReplacement } from '../supervised-worker';
import type { DeadLetters } from '../store/dead-letters';
import type { EmailSender } from './email';
import { InboxWriter } from './inbox';
import type { WebhookSender } from './webhook';

export interface DeliveryHooks {
  onDelivered?: (job: NotificationJob) => void;
  onFailed?: (job: NotificationJob, error: unknown, final: boolean) => void;
  /** A channel's worker took no ready job for `NotificationSettings.workerStallMs` and was replaced. */
  onReplaced?: (replacement: WorkerReplacement) => void;
}

/**
 * Delivers notification jobs: one BullMQ worker per channel's queue, each with its own concurrency.
 * A failure is retried by BullMQ with exponential backoff and jitter; the last failure also writes
 * the job to the dead letters before BullMQ moves it to its failed set. Each channel's worker is
 * supervised: one that stops taking ready jobs is replaced (SupervisedWorker).
 */
export class DeliveryWorker {
  private readonly workers: SupervisedWorker<NotificationJob>[];
  private readonly inbox: InboxWriter;

  constructor(
    pool: Pool,
    settings: NotificationSettings,
    queues: DeliveryQueues,
    private readonly deadLetters: DeadLetters,
    private readonly email: EmailSender | undefined,
    private readonly webhook: WebhookSender,
    private readonly hooks: DeliveryHooks = {},
  ) {
    this.inbox = new InboxWriter(pool);
    this.workers = CHANNELS.map((channel) =>
      supervisedQueueWorker<NotificationJob>(queues[channel], (job) => this.process(job), settings, settings.concurrency[channel], hooks.onReplaced),
    );
  }

  /** Per queue: whether its worker's loop runs (a diagnosis for tests). */
  state(): Record<string, { running: boolean }> {
    return Object.fromEntries(this.workers.map((w) => [w.queue, { running: w.worker.isRunning() }]));
  }

  start(): void {
    for (const worker of this.workers) worker.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  private async process(job: Job<NotificationJob>): Promise<void> {
    const id = job.id as string;
    try {
      switch (job.data.channel) {
        case 'in_app':
          await this.inbox.deliver(id, job.data);
          break;
        case 'email':
          if (!this.email) throw new Error('e-mail is not configured (SMTP_URL)');
          await this.email.send(id, job.data);
          break;
        case 'webhook':
          await this.webhook.send(id, job.data);
          break;
      }
      this.hooks.onDelivered?.(job.data);
    } catch (error) {
      // An unrecoverable failure (a refused webhook destination) is not retried: it is final now.
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) await this.deadLetters.record(job, error);
      this.hooks.onFailed?.(job.data, error, final);
      throw error;
    }
  }
}
