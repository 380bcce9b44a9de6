import { Job, type JobsOptions } from 'bullmq';
import type { Pool } from 'pg';
import { CHANNELS, type NotificationJob } from '../notification';
import type { DeliveryQueues } from '../queues';

export interface DeadLetter {
  id: string;
  jobId: string;
  queue: string;
  name: string;
  data: unknown;
  error: string;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
  replayCount: number;
}

interface Row {
  id: string;
  job_id: string;
  queue: string;
  name: string;
  data: unknown;
  error: string;
  attempts: number;
  failed_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

const fromRow = (r: Row): DeadLetter => ({
  id: String(r.id),
  jobId: r.job_id,
  queue: r.queue,
  name: r.name,
  data: r.data,
  error: r.error,
  attempts: r.attempts,
  failedAt: r.failed_at.toISOString(),
  replayedAt: r.replayed_at?.toISOString() ?? null,
  replayCount: r.replay_count,
});

export type ReplayOutcome = 'retried' | 're-added' | 'already_queued' | 'not_found';

/**
 * Jobs that failed their last attempt, kept in PostgreSQL (not only in Redis's failed set) so an
 * administrator can list and replay them even after Redis dropped them. A replay runs the same job
 * id again; the channels refuse a job they have already delivered.
 */
export class DeadLetters {
  constructor(private readonly pool: Pool) {}

  async record(job: Pick<Job, 'id' | 'queueName' | 'name' | 'data' | 'attemptsMade'>, error: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO notification_dead_letters (job_id, queue, name, data, error, attempts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (job_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, failed_at = now(), data = EXCLUDED.data, replayed_at = NULL`,
      [job.id, job.queueName, job.name, JSON.stringify(job.data), error instanceof Error ? error.message : String(error), job.attemptsMade + 1],
    );
  }

  /** Newest first; `before` is the id of the last item of the previous page. */
  async list(limit: number, before?: string): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM notification_dead_letters WHERE ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $1`,
      [limit, before ?? null],
    );
    return rows.map(fromRow);
  }

  async find(id: string): Promise<DeadLetter | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM notification_dead_letters WHERE id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async open(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM notification_dead_letters WHERE replayed_at IS NULL');
    return Number(rows[0].n);
  }

  /** Retries the failed job in Redis, or adds it again under its id if Redis no longer has it. */
  async replay(id: string, queues: DeliveryQueues, options: JobsOptions): Promise<ReplayOutcome> {
    const letter = await this.find(id);
    if (!letter) return 'not_found';
    // The job's name is its channel (and so is its data's `channel`): it goes back to that queue.
    const channel = CHANNELS.find((c) => c === letter.name || c === (letter.data as Partial<NotificationJob>).channel);
    if (!channel) return 'not_found';
    const queue = queues[channel];
    const job = await Job.fromId(queue, letter.jobId);
    let outcome: ReplayOutcome = 'already_queued';
    if (!job) {
      await queue.add(letter.name, letter.data as NotificationJob, { ...options, jobId: letter.jobId });
      outcome = 're-added';
    } else if ((await job.getState()) === 'failed') {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      outcome = 'retried';
    }
    await this.pool.query('UPDATE notification_dead_letters SET replayed_at = now(), replay_count = replay_count + 1 WHERE id = $1', [id]);
    return outcome;
  }
}
