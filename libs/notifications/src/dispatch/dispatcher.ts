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
  /** The Redis key that records the last checkpoint whose jobs were enqueued (see "Redis losing its data"). */
  redisMarkerKey: string;
  /** How often the lease holder looks whether Redis lost data, and whether the queues have drained. Default 1 s. */
  redisCheckMs?: number;
  onError?: (error: unknown) => void;
  /** Told when Redis was found to have lost jobs, and the position the feed is replayed from. */
  onRedisDataLost?: (replayFrom: Position, lostAt: Position) => void;
}

const FEED = { categories: ['user', 'council', 'initiative'] };
/** Delivery jobs still to be run (completed and failed ones are done: a final failure is a dead letter in PostgreSQL). */
const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;
/** Moves the marker from ARGV[1] (or past it) to ARGV[2]; 0 when it is missing or behind: Redis lost jobs. */
const ADVANCE_MARKER = `local m = redis.call('GET', KEYS[1])
if m and m >= ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
return 0`;

/** Redis no longer holds every job enqueued up to the checkpoint. */
export class RedisLostJobs extends Error {
  constructor(checkpoint: string) {
    super(`Redis lost jobs enqueued up to ${checkpoint || 'the start'}: replaying the feed from the last settled position`);
    this.name = 'RedisLostJobs';
  }
}

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
 *
 * Redis losing its data (a restart on an empty or older data directory, a failover to a replica
 * behind, `appendfsync everysec` after a crash) would lose jobs enqueued and not yet run. So after
 * each batch's enqueue, and before its checkpoint, the dispatcher records that checkpoint in Redis
 * too (`redisMarkerKey`): Redis keeps its writes in order, so while the marker is at or past the
 * stored checkpoint, every job enqueued up to it is still there. And whenever every delivery queue
 * has drained, the checkpoint as it was before looking is stored as `settled_position`: every job
 * up to it has been run (until the queues first drain, it is the checkpoint where this Redis was
 * first marked: a replay never goes further back). When the marker is found missing or behind, the dispatcher re-adds every
 * unfired timer from PostgreSQL and replays the feed from `settled_position`: the repeated jobs
 * have the same ids, and every channel refuses what it already delivered (inbox rows and delivery
 * records keyed by job id), so each notification is still delivered once.
 */
export class NotificationDispatcher {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly lease: AdvisoryLease;
  private subscription: Subscription | undefined;
  private wakeStop: (() => void) | undefined;
  private readonly timers: TimerTable;
  private position: Position | null = null;
  private settled: Position | null = null;
  /** Ends the current follow() for a replay (set while following). */
  private redisLost: (() => void) | undefined;

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
    const { rows } = await this.lease.client.query<{ position: string; redis_marked: boolean; settled_position: string | null }>(
      'SELECT position, redis_marked, settled_position FROM notification_checkpoints WHERE subscriber = $1',
      [this.settings.name],
    );
    this.position = (rows[0]?.position ?? START) as Position;
    this.settled = (rows[0]?.settled_position ?? null) as Position | null;
    if (rows[0]?.redis_marked !== true) await this.markRedis(this.position);
    const stopping = new Promise<void>((resolve) => (this.wakeStop = resolve));
    this.subscription = this.store.subscribe({
      after: this.position,
      filter: FEED,
      batchSize: this.settings.batchSize,
      handler: (events, checkpoint) => this.dispatch(events, checkpoint),
      onError: (error) => this.settings.onError?.(error),
    });
    const redisLost = new Promise<'redis'>((resolve) => (this.redisLost = () => resolve('redis')));
    const watch = this.watchRedis();
    // Until stopped, the lease is lost or Redis lost data: then no further batch is taken.
    const ended = await Promise.race([this.lease.lost.then(() => 'lost' as const), stopping.then(() => 'stopped' as const), redisLost]);
    await watch.stop();
    this.redisLost = undefined;
    await this.subscription.stop();
    if (ended === 'redis' && this.lease.held) await this.replayAfterRedisLoss();
  }

  /**
   * The first time on this checkpoint: Redis is taken to hold everything enqueued so far, and
   * `settled_position`, until the queues first drain, is this checkpoint: the furthest back a
   * replay goes (without it, a loss before the first drain would replay nothing at all).
   */
  private async markRedis(position: Position): Promise<void> {
    await this.queues.redis.set(this.settings.redisMarkerKey, position);
    const { rows } = await this.lease.client.query<{ settled_position: string | null }>(
      `INSERT INTO notification_checkpoints (subscriber, position, redis_marked, settled_position) VALUES ($1, $2, true, $2)
       ON CONFLICT (subscriber) DO UPDATE
         SET redis_marked = true, settled_position = COALESCE(notification_checkpoints.settled_position, EXCLUDED.position)
       RETURNING settled_position`,
      [this.settings.name, position],
    );
    this.settled = (rows[0]?.settled_position ?? position) as Position;
  }

  /**
   * Every `redisCheckMs` while following (the batches check too, but the feed may be quiet): ends
   * the follow once the marker is missing or behind the checkpoint; otherwise moves
   * `settled_position` when the delivery queues are empty. A Redis that does not answer is simply
   * asked again next time.
   */
  private watchRedis(): { stop(): Promise<void> } {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let looking: Promise<void> = Promise.resolve();
    const every = this.settings.redisCheckMs ?? 1000;
    const look = async () => {
      try {
        if (await this.redisLostJobs()) return this.redisLost?.();
        await this.settle();
      } catch {
        // Redis (or PostgreSQL) unreachable: nothing to conclude yet.
      }
    };
    const tick = () => {
      looking = look().finally(() => {
        if (!stopped) timer = setTimeout(tick, every);
      });
    };
    timer = setTimeout(tick, every);
    return {
      // Waits for a look under way: a settle() finishing after a replay moved the checkpoint back
      // would store the old checkpoint as settled.
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await looking;
      },
    };
  }

  /** Whether Redis no longer holds everything enqueued up to the stored checkpoint. */
  private async redisLostJobs(): Promise<boolean> {
    // The checkpoint first: the marker is written before it, so an intact Redis is never behind.
    const checkpoint = this.position ?? START;
    const marker = await this.queues.redis.get(this.settings.redisMarkerKey);
    return marker === null || marker < checkpoint;
  }

  /** All delivery jobs up to the checkpoint (read before the queues) have run: it is settled. */
  private async settle(): Promise<void> {
    const checkpoint = this.position ?? START;
    if (this.settled !== null && this.settled >= checkpoint) return;
    const counts = await Promise.all(Object.values(this.queues.delivery).map((queue) => queue.getJobCounts(...UNFINISHED)));
    if (counts.some((c) => Object.values(c).some((n) => n > 0))) return;
    // And Redis lost nothing while the queues were counted (an emptied Redis also counts 0).
    if (await this.redisLostJobs()) return;
    await this.lease.client.query('UPDATE notification_checkpoints SET settled_position = $2 WHERE subscriber = $1', [this.settings.name, checkpoint]);
    this.settled = checkpoint;
  }

  /**
   * Redis lost jobs: re-add the unfired timers, and replay the feed from the settled position
   * (where every job had run). Redis's marker moves first: should Redis fail again before the
   * checkpoint moves, the next look finds the marker missing or behind again and starts over.
   */
  private async replayAfterRedisLoss(): Promise<void> {
    const lostAt = this.position ?? START;
    // Never settled (a row marked before settled_position started at the marking): the whole feed.
    const from = this.settled === null ? START : this.settled < lostAt ? this.settled : lostAt;
    const timers = await this.timers.unfired();
    if (timers.length > 0) await this.queues.timers.addBulk(timerJobs(timers));
    await this.queues.redis.set(this.settings.redisMarkerKey, from);
    await this.lease.client.query('UPDATE notification_checkpoints SET position = $2, updated_at = now() WHERE subscriber = $1', [this.settings.name, from]);
    this.position = from;
    this.settings.onRedisDataLost?.(from, lostAt);
  }

  /** One batch: directory, timers, jobs, then the checkpoint. */
  private async dispatch(events: readonly RecordedEvent[], checkpoint: Position): Promise<void> {
    await this.directory.apply(events);
    const timers = await this.timers.record(events);
    const initiativeIds = events.flatMap((e) => {
      const id = (e.data as { initiativeId?: unknown }).initiativeId;
      return typeof id === 'string' ? [id] : [];
    });
    const [snapshot, recusals] = await Promise.all([this.directory.snapshot(initiativeIds), recusalsAtOpening(this.store, events)]);
    const jobs = await this.fanout.jobs(planNotices(events, snapshot, recusals));
    await Promise.all([enqueueDeliveries(this.queues.delivery, jobs), timers.length > 0 ? this.queues.timers.addBulk(timerJobs(timers)) : undefined]);
    // After the jobs (Redis applies its writes in order) and before the checkpoint, and only if Redis
    // still holds everything enqueued up to the previous checkpoint: see "Redis losing its data".
    if (!this.lease.held) throw new Error('notification dispatcher lost its lease');
    const previous = this.position ?? START;
    if ((await this.queues.redis.eval(ADVANCE_MARKER, 1, this.settings.redisMarkerKey, previous, checkpoint)) !== 1) {
      this.redisLost?.();
      throw new RedisLostJobs(previous);
    }
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
