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
 * processed concurrently are written together: a job waits up to `lingerMs` for others to join
 * its multi-row INSERT, and up to `maxInFlight` INSERTs run at once. A database round trip costs
 * far more than a row, so fewer, fuller INSERTs is what lets the channel keep up with BullMQ
 * (docs/notifications.md, "Throughput").
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 2,
    private readonly lingerMs = 2,
  ) {}

  deliver(jobId: string, job: NotificationJob): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ jobId, job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.maxInFlight) void this.flush(this.queue.splice(0, this.maxBatch));
    }, this.lingerMs);
  }

  private async flush(batch: Pending[]): Promise<void> {
    this.inFlight += 1;
    try {
      await this.insert(batch);
      batch.forEach((p) => p.resolve());
    } catch (error) {
      batch.forEach((p) => p.reject(error));
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  private async insert(batch: Pending[]): Promise<void> {
    await this.pool.query({
      name: 'notification-inbox-insert',
      text: `INSERT INTO notification_inbox (job_id, user_id, kind, initiative_id, event_id, payload, event_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])
       ON CONFLICT (job_id) DO NOTHING`,
      values: [
        batch.map((p) => p.jobId),
        batch.map((p) => p.job.recipient),
        batch.map((p) => p.job.kind),
        batch.map((p) => p.job.initiativeId ?? null),
        batch.map((p) => p.job.sourceId),
        batch.map((p) => JSON.stringify({ title: p.job.title ?? null, params: p.job.params })),
        batch.map((p) => p.job.eventAt),
      ],
    });
  }
}
