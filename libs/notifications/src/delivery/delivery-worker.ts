import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { CHANNELS, type NotificationJob } from '../notification';
import { consumerConnection } from '../queues';
import { lockOptions, QUEUES, type NotificationSettings } from '../settings';
import type { DeadLetters } from '../store/dead-letters';
import type { EmailSender } from './email';
import { InboxWriter } from './inbox';
import type { WebhookSender } from './webhook';

export interface DeliveryHooks {
  onDelivered?: (job: NotificationJob) => void;
  onFailed?: (job: NotificationJob, error: unknown, final: boolean) => void;
}

/**
 * Delivers notification jobs: one BullMQ worker per channel's queue, each with its own concurrency.
 * A failure is retried by BullMQ with exponential backoff and jitter; the last failure also writes
 * the job to the dead letters before BullMQ moves it to its failed set.
 */
export class DeliveryWorker {
  private readonly workers: { worker: Worker<NotificationJob>; connection: Redis }[];
  private readonly inbox: InboxWriter;

  constructor(
    pool: Pool,
    settings: NotificationSettings,
    private readonly deadLetters: DeadLetters,
    private readonly email: EmailSender | undefined,
    private readonly webhook: WebhookSender,
    private readonly hooks: DeliveryHooks = {},
  ) {
    this.inbox = new InboxWriter(pool);
    this.workers = CHANNELS.map((channel) => {
      const connection = consumerConnection(settings.redis);
      const worker = new Worker<NotificationJob>(QUEUES.delivery[channel], (job) => this.process(job), {
        connection,
        prefix: settings.prefix,
        concurrency: settings.concurrency[channel],
        autorun: false,
        ...lockOptions(settings),
      });
      worker.on('error', () => undefined);
      return { worker, connection };
    });
  }

  start(): void {
    for (const { worker } of this.workers) void worker.run().catch(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async ({ worker, connection }) => {
        await worker.close();
        await worker.disconnect().catch(() => undefined);
        connection.disconnect();
      }),
    );
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
