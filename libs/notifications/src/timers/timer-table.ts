import type { Pool } from 'pg';
import type { RecordedEvent } from '@laurel/event-store';
import type { ScheduledTimer } from '@laurel/domain';
import { uuidFromName } from '@laurel/application';
import type { TimerJob } from '../queues';

export interface PendingTimer extends TimerJob {
  jobId: string;
}

/** The timer's job id: one per stage change and timer kind. */
export const timerJobId = (initiativeId: string, streamVersion: number, kind: string): string =>
  `timer-${uuidFromName(`${initiativeId}\u0000${streamVersion}\u0000${kind}`)}`;

/**
 * The pending timers, derived from StageChanged by the dispatcher's subscription: each stage change
 * replaces its initiative's unfired timers. If Redis loses its data, the delayed jobs are re-added
 * from here (same job ids, so re-adding jobs Redis still holds changes nothing).
 */
export class TimerTable {
  constructor(private readonly pool: Pool) {}

  /** Records the timers of the batch's stage changes; returns the timers to schedule. */
  async record(events: readonly RecordedEvent[]): Promise<PendingTimer[]> {
    const scheduled: PendingTimer[] = [];
    for (const e of events) {
      if (e.type !== 'StageChanged') continue;
      const d = e.data as { initiativeId: string; timers?: ScheduledTimer[] };
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        // An older stage change replayed after a newer one must not bring its timers back.
        const head = await client.query(
          `INSERT INTO notification_timer_heads (initiative_id, stream_version) VALUES ($1, $2)
           ON CONFLICT (initiative_id) DO UPDATE SET stream_version = EXCLUDED.stream_version
             WHERE notification_timer_heads.stream_version < EXCLUDED.stream_version
           RETURNING stream_version`,
          [d.initiativeId, e.streamVersion],
        );
        if (head.rowCount === 0) {
          await client.query('COMMIT');
          continue;
        }
        await client.query('DELETE FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [d.initiativeId]);
        for (const t of d.timers ?? []) {
          const timer: PendingTimer = { jobId: timerJobId(d.initiativeId, e.streamVersion, t.kind), initiativeId: d.initiativeId, kind: t.kind, stage: t.stage, dueAt: t.dueAt };
          await client.query(
            `INSERT INTO notification_pending_timers (job_id, initiative_id, kind, stage, due_at, stream_version) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (job_id) DO NOTHING`,
            [timer.jobId, timer.initiativeId, timer.kind, timer.stage, timer.dueAt, e.streamVersion],
          );
          scheduled.push(timer);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
    return scheduled;
  }

  async unfired(): Promise<PendingTimer[]> {
    const { rows } = await this.pool.query<{ job_id: string; initiative_id: string; kind: string; stage: string; due_at: Date }>(
      'SELECT job_id, initiative_id, kind, stage, due_at FROM notification_pending_timers WHERE fired_at IS NULL ORDER BY due_at',
    );
    return rows.map((r) => ({ jobId: r.job_id, initiativeId: r.initiative_id, kind: r.kind, stage: r.stage, dueAt: r.due_at.toISOString() }));
  }

  async markFired(jobId: string): Promise<void> {
    await this.pool.query('UPDATE notification_pending_timers SET fired_at = now() WHERE job_id = $1', [jobId]);
  }
}

/** BullMQ entries for timers: delayed until due (at once if already due). */
export const timerJobs = (timers: readonly PendingTimer[], now = Date.now()) =>
  timers.map((t) => ({
    name: t.kind,
    data: { initiativeId: t.initiativeId, kind: t.kind, stage: t.stage, dueAt: t.dueAt },
    opts: {
      jobId: t.jobId,
      delay: Math.max(0, Date.parse(t.dueAt) - now),
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  }));
