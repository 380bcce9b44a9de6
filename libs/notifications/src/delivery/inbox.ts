import type { Pool } from 'pg';
import type { NotificationJob } from '../notification';

interface Pending {
  jobId: string;
  job: NotificationJob;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The in-app channel. Rows are keyed by job id, so delivering a job twice shows it once. Jobs
 * processed concurrently are written together: one multi-row INSERT per flush, not one per job.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatch = 500,
  ) {}

  deliver(jobId: string, job: NotificationJob): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ jobId, job, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the other jobs of this tick join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.insert(batch);
        batch.forEach((p) => p.resolve());
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
    this.flushing = undefined;
  }

  private async insert(batch: Pending[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO notification_inbox (job_id, user_id, kind, initiative_id, event_id, payload, event_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])
       ON CONFLICT (job_id) DO NOTHING`,
      [
        batch.map((p) => p.jobId),
        batch.map((p) => p.job.recipient),
        batch.map((p) => p.job.kind),
        batch.map((p) => p.job.initiativeId ?? null),
        batch.map((p) => p.job.sourceId),
        batch.map((p) => JSON.stringify({ title: p.job.title ?? null, params: p.job.params })),
        batch.map((p) => p.job.eventAt),
      ],
    );
  }
}
