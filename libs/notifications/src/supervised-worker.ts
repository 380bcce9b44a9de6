import { Worker, type Job, type Queue, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { consumerConnection, readyJobs } from './queues';
import { lockOptions, workerStallMs, type NotificationSettings } from './settings';

/** Why a queue's worker was replaced, for the log and /metrics. */
export interface WorkerReplacement {
  queue: string;
  reason: 'stalled' | 'stopped';
  /** Jobs ready to run (waiting or prioritized) when it was replaced. */
  ready: number;
  /** How long it had started or finished no job while jobs were ready. */
  idleMs: number;
}

export interface SupervisionOptions {
  /**
   * Jobs of the queue that are ready to run now (waiting or prioritized), asked through another
   * connection than the worker's own (the producer's, which fails at once while Redis is away).
   */
  ready: () => Promise<number>;
  /** A worker that starts and finishes no job for this long while jobs are ready is replaced. 0: never. */
  stallMs: number;
  onReplaced?: (replacement: WorkerReplacement) => void;
}

/**
 * One BullMQ worker on a queue, replaced by a fresh one (new connections) when it stops taking
 * jobs that are ready for it.
 *
 * A worker's blocking connection can be left for good in a state from which ioredis never
 * reconnects, most often around a Sentinel failover: the worker then runs, reports no error and
 * takes no job while its queue fills (BullMQ issues #3088, #4378, #4585). A rare race, seen here as
 * one failed run in several of the Sentinel failover test; no process should depend on it not
 * happening. The supervisor judges by what a consumer can see: jobs ready in Redis, and no job
 * started or finished by this worker for `stallMs`. A replaced worker is closed by force; jobs it
 * still held come back to the queue when their locks lapse, and the channels refuse what they
 * already delivered.
 */
export class SupervisedWorker<T> {
  private current: { worker: Worker<T>; connection: Redis };
  /** Jobs started plus jobs finished by this queue's workers: a change is progress. */
  private progress = 0;
  private seen = 0;
  /** Since when jobs have been ready without progress. */
  private since = Date.now();
  private check: NodeJS.Timeout | undefined;
  private checking = false;
  private closing = false;
  private readonly retiring = new Set<Promise<void>>();

  constructor(
    readonly queue: string,
    private readonly processor: (job: Job<T>) => Promise<void>,
    private readonly connect: () => Redis,
    private readonly options: Omit<WorkerOptions, 'connection' | 'autorun'>,
    private readonly supervision: SupervisionOptions,
  ) {
    this.current = this.make();
  }

  get worker(): Worker<T> {
    return this.current.worker;
  }

  start(): void {
    this.closing = false;
    this.run(this.current.worker);
    const every = this.supervision.stallMs;
    if (every > 0) {
      this.since = Date.now();
      this.check = setInterval(() => void this.inspect(), Math.min(5000, Math.max(250, Math.round(every / 4))));
      this.check.unref();
    }
  }

  async stop(): Promise<void> {
    this.closing = true;
    clearInterval(this.check);
    await this.retire(this.current, false);
    await Promise.all([...this.retiring]);
  }

  /** One look: replace the worker if it stopped, or if jobs have been ready for `stallMs` without progress. */
  async inspect(now = Date.now()): Promise<WorkerReplacement | undefined> {
    if (this.closing || this.checking) return undefined;
    this.checking = true;
    try {
      const ready = await this.supervision.ready().catch(() => undefined);
      // Redis away: nothing to judge by; the worker waits for it like everyone else.
      if (ready === undefined) return undefined;
      const stopped = !this.current.worker.isRunning();
      if (!stopped && (ready === 0 || this.progress !== this.seen)) {
        this.seen = this.progress;
        this.since = now;
        return undefined;
      }
      const idleMs = now - this.since;
      if (!stopped && idleMs < this.supervision.stallMs) return undefined;
      if (this.closing) return undefined;
      const replacement: WorkerReplacement = { queue: this.queue, reason: stopped ? 'stopped' : 'stalled', ready, idleMs };
      const old = this.current;
      this.current = this.make();
      this.run(this.current.worker);
      this.seen = this.progress;
      this.since = now;
      void this.retire(old, true);
      this.supervision.onReplaced?.(replacement);
      return replacement;
    } finally {
      this.checking = false;
    }
  }

  private make(): { worker: Worker<T>; connection: Redis } {
    const connection = this.connect();
    const worker = new Worker<T>(
      this.queue,
      async (job) => {
        this.progress += 1;
        try {
          await this.processor(job);
        } finally {
          this.progress += 1;
        }
      },
      { ...this.options, connection, autorun: false },
    );
    worker.on('error', () => undefined);
    return { worker, connection };
  }

  private run(worker: Worker<T>): void {
    void worker.run().catch(() => undefined);
  }

  /** Closes a worker; by force and bounded in time when it is being replaced (its connection may never answer). */
  private retire({ worker, connection }: { worker: Worker<T>; connection: Redis }, force: boolean): Promise<void> {
    const closed = (async () => {
      const close = worker.close(force).catch(() => undefined);
      if (force) await Promise.race([close, new Promise((r) => setTimeout(r, 5000).unref())]);
      else await close;
      await Promise.race([worker.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      connection.disconnect();
    })();
    this.retiring.add(closed);
    void closed.finally(() => this.retiring.delete(closed));
    return closed;
  }
}

/** The supervised worker of one of Laurel's queues, with the settings' connection, prefix, locks and stall time. */
export function supervisedQueueWorker<T>(
  queue: Queue,
  processor: (job: Job<T>) => Promise<void>,
  settings: NotificationSettings,
  concurrency: number,
  onReplaced?: (replacement: WorkerReplacement) => void,
): SupervisedWorker<T> {
  return new SupervisedWorker<T>(
    queue.name,
    processor,
    () => consumerConnection(settings.redis),
    { prefix: settings.prefix, concurrency, ...lockOptions(settings) },
    { ready: () => readyJobs(queue), stallMs: workerStallMs(settings), onReplaced },
  );
}
