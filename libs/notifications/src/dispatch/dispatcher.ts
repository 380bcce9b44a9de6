import type { Pool } from 'pg';
import { AdvisoryLease, assertSameCluster, migrateClusterIdentity } from '@laurel/projections';
import { START, type EventStore, type Position, type RecordedEvent, type Subscription } from '@laurel/event-store';
import { enqueueDeliveries, type NotificationQueues } from '../queues';
import { TimerTable, timerJobs } from '../timers/timer-table';
import { Directory } from './directory';
import type { Fanout } from './fanout';
import { planNotices, recusalsAtOpening } from './plan';

export interface DispatcherSettings {
  /** Names the checkpoint and the lease. */
  name: string;
  batchSize: number;
  leaseRetryMs: number;
  onError?: (error: unknown) => void;
}

const FEED = { categories: ['user', 'council', 'initiative'] };

/**
 * Turns the event log into delivery jobs and delayed timer jobs. Fed by a checkpointed subscription
 * to the event store, never by an in-process bus. Per batch: update the directory and the timer
 * table, enqueue (one `addBulk` per queue, deterministic job ids), and only then store the
 * checkpoint. A crash in between repeats the batch, and the repeat enqueues nothing new:
 * at-least-once enqueue with idempotent job ids is delivery effectively once.
 *
 * Only one dispatcher works at a time: it holds the shared AdvisoryLease and writes its checkpoint
 * on the lease's own session; the others wait and take over when that connection dies. A lost
 * lease stops the subscription at once; the dispatcher acquires again and resumes from the
 * stored checkpoint.
 */
export class NotificationDispatcher {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly lease: AdvisoryLease;
  private subscription: Subscription | undefined;
  private wakeStop: (() => void) | undefined;
  private readonly timers: TimerTable;
  private position: Position | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly queues: NotificationQueues,
    private readonly fanout: Fanout,
    private readonly directory: Directory,
    private readonly settings: DispatcherSettings,
  ) {
    this.timers = new TimerTable(pool);
    this.lease = new AdvisoryLease(pool, `laurel-notifications:${settings.name}`, { onLost: (error) => settings.onError?.(error) });
  }

  get leased(): boolean {
    return this.lease.held;
  }

  get checkpoint(): Position | null {
    return this.position;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStop?.();
    await this.running;
  }

  /** Resolves once the stored checkpoint has reached the feed's head as it is now. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    // The subscription's checkpoint also moves past events the filter skipped.
    while ((this.subscription?.checkpoint ?? this.position ?? '') < head) {
      if (Date.now() > deadline) throw new Error(`notification dispatcher did not catch up within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (await this.lease.acquire()) await this.follow();
        else await sleep(this.settings.leaseRetryMs);
      } catch (error) {
        this.settings.onError?.(error);
        await sleep(this.settings.leaseRetryMs);
      } finally {
        await this.lease.release();
      }
    }
  }

  private async follow(): Promise<void> {
    await migrateClusterIdentity(this.pool);
    await assertSameCluster(this.lease.client);
    const { rows } = await this.lease.client.query<{ position: string }>('SELECT position FROM notification_checkpoints WHERE subscriber = $1', [this.settings.name]);
    this.position = (rows[0]?.position ?? START) as Position;
    const stopping = new Promise<void>((resolve) => (this.wakeStop = resolve));
    this.subscription = this.store.subscribe({
      after: this.position,
      filter: FEED,
      batchSize: this.settings.batchSize,
      handler: (events, checkpoint) => this.dispatch(events, checkpoint),
      onError: (error) => this.settings.onError?.(error),
    });
    // Until stopped or the lease is lost: then no further batch is taken.
    await Promise.race([this.lease.lost, stopping]);
    await this.subscription.stop();
  }

  /** One batch: directory, timers, jobs, then the checkpoint. */
  async dispatch(events: readonly RecordedEvent[], checkpoint: Position): Promise<void> {
    await this.directory.apply(events);
    const timers = await this.timers.record(events);
    const initiativeIds = events.flatMap((e) => {
      const id = (e.data as { initiativeId?: unknown }).initiativeId;
      return typeof id === 'string' ? [id] : [];
    });
    const [snapshot, recusals] = await Promise.all([this.directory.snapshot(initiativeIds), recusalsAtOpening(this.store, events)]);
    const jobs = await this.fanout.jobs(planNotices(events, snapshot, recusals));
    await Promise.all([enqueueDeliveries(this.queues.delivery, jobs), timers.length > 0 ? this.queues.timers.addBulk(timerJobs(timers)) : undefined]);
    // On the lease's own session: without the lease (it throws), the checkpoint does not move.
    await this.lease.client.query(
      `INSERT INTO notification_checkpoints (subscriber, position) VALUES ($1, $2)
       ON CONFLICT (subscriber) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [this.settings.name, checkpoint],
    );
    this.position = checkpoint;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
