import type { Pool, PoolClient } from 'pg';
import type { EventStore, Position, RecordedEvent } from '@laurel/event-store';
import { AdvisoryLease } from './advisory-lease';
import { assertSameCluster, migrateClusterIdentity } from './cluster-identity';
import { activateIfFirst, migrateProjectionStore, readCheckpoint, saveCheckpoint } from './checkpoints';
import { ProjectionTables, type Projection } from './projection';

export interface RunnerSettings {
  /** Events read from the feed at once: the most one batch (one transaction) applies. */
  batchSize: number;
  /**
   * How long one batch may hold its transaction open (ms). A transaction that has written holds an
   * xid, and with it the feed's horizon for every reader of the cluster (docs/operations.md, "The
   * feed's horizon"): a batch applies its events in chunks and commits, with the checkpoint at the
   * last event applied, once this budget is spent; the next batch continues from there.
   */
  batchBudgetMs: number;
  /** Pause at the end of the feed before reading again. */
  idleMs: number;
  /** How often a runner that does not hold a projection's lease tries to take it over. */
  leaseRetryMs: number;
  onError?: (projection: string, error: unknown) => void;
  onLeaseAcquired?: (projection: string) => void;
  /** After each committed batch: how many events it applied and the checkpoint it reached. */
  onBatch?: (projection: string, applied: number, checkpoint: Position) => void;
  /** Milliseconds for the batch budget (tests pass a fake clock); default `performance.now`. */
  clock?: () => number;
  /** Runs after `setup`, in its transaction (a rebuild sets the secondary indexes aside here). */
  afterSetup?: (db: PoolClient, tables: ProjectionTables) => Promise<void>;
}

export const DEFAULT_BATCH_BUDGET_MS = 1000;
const DEFAULTS: RunnerSettings = { batchSize: 1000, batchBudgetMs: DEFAULT_BATCH_BUDGET_MS, idleMs: 20, leaseRetryMs: 1000 };
/** The first chunk a runner applies, before it has measured how long an event takes. */
const FIRST_CHUNK = 100;

/**
 * PROJECTION_BATCH_SIZE and PROJECTION_BATCH_BUDGET_MS (README, "Configuration"); `batchSize`
 * when the first is unset. Anything but a positive integer is refused.
 */
export function batchSettingsFromEnv(env: NodeJS.ProcessEnv, batchSize: number): Pick<RunnerSettings, 'batchSize' | 'batchBudgetMs'> {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid configuration: ${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  return { batchSize: positive('PROJECTION_BATCH_SIZE', batchSize), batchBudgetMs: positive('PROJECTION_BATCH_BUDGET_MS', DEFAULT_BATCH_BUDGET_MS) };
}

export interface ProjectionStatus {
  name: string;
  version: number;
  leased: boolean;
  checkpoint: Position | null;
  caughtUp: boolean;
}

/**
 * Runs one projection version: holds its lease, reads the feed from the stored checkpoint, and
 * applies each batch in one transaction with the checkpoint. A batch is bounded by a count
 * (`batchSize`) and by a time (`batchBudgetMs`): past the budget it commits what it has applied,
 * with the checkpoint at its last event, and the next batch reads on from exactly there.
 *
 * The lease (AdvisoryLease) is a session-level advisory lock, and every batch is written on the
 * lock's own session. Several projector processes may run the same projection: one holds the lock
 * and works, the others wait. If the holder dies or its connection drops, the lock goes with it;
 * whoever takes it next (this runner too, once PostgreSQL is back) continues from the last
 * committed checkpoint within `leaseRetryMs`.
 */
export class ProjectionRunner {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly lease: AdvisoryLease;
  private readonly settings: RunnerSettings;
  readonly tables: ProjectionTables;
  private readonly state: ProjectionStatus;
  private wake: (() => void) | undefined;
  /** Measured cost of one event in `apply` (ms; smoothed), to size the chunks within the budget. */
  private msPerEvent: number | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projection: Projection,
    settings: Partial<RunnerSettings> = {},
    readonly version: number = projection.version,
  ) {
    this.settings = { ...DEFAULTS, ...settings };
    this.tables = new ProjectionTables(projection.name, version);
    this.state = { name: projection.name, version, leased: false, checkpoint: null, caughtUp: false };
    this.lease = new AdvisoryLease(pool, `laurel-projection:${projection.name}:${version}`, {
      // Stop at once: not leased, not caught up, and out of any pause to find the lease gone.
      onLost: () => {
        this.state.leased = false;
        this.state.caughtUp = false;
        this.wake?.();
      },
    });
  }

  get status(): ProjectionStatus {
    return { ...this.state };
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** Resolves once this runner holds the lease and has reached the end of the feed. */
  async caughtUp(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.state.caughtUp) {
      if (Date.now() > deadline) throw new Error(`projection ${this.projection.name} v${this.version} did not catch up within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (await this.acquireLease()) await this.work();
        else await this.pause(this.settings.leaseRetryMs);
      } catch (error) {
        this.settings.onError?.(this.projection.name, error);
        await this.releaseLease();
        await this.pause(this.settings.leaseRetryMs);
      }
    }
    await this.releaseLease();
  }

  private async acquireLease(): Promise<boolean> {
    if (!(await this.lease.acquire())) return false;
    this.state.leased = true;
    this.settings.onLeaseAcquired?.(this.projection.name);
    return true;
  }

  private async work(): Promise<void> {
    const db = this.lease.client;
    await migrateProjectionStore(this.pool);
    await migrateClusterIdentity(this.pool);
    // Checkpoints are positions of this cluster's transaction ids: never read on from another's.
    await assertSameCluster(db);
    await this.transaction(db, async () => {
      await this.projection.setup(db, this.tables);
      await this.settings.afterSetup?.(db, this.tables);
      await activateIfFirst(db, this.projection, this.tables);
    });
    let checkpoint = await readCheckpoint(db, this.projection.name, this.version);
    this.state.checkpoint = checkpoint;
    while (!this.stopped && this.lease.held) {
      const page = await this.store.readAll({ after: checkpoint, batchSize: this.settings.batchSize, filter: this.projection.filter, withoutPayload: this.projection.headersOnly });
      let complete = true;
      if (page.events.length > 0) {
        let applied = 0;
        let reached = checkpoint;
        await this.transaction(db, async () => {
          applied = await this.applyWithinBudget(db, page.events);
          complete = applied === page.events.length;
          // Stopped at the budget: the checkpoint is the last event applied, so the next read starts at the first one left.
          reached = complete ? page.checkpoint : page.events[applied - 1].position;
          await saveCheckpoint(db, this.projection.name, this.version, reached, applied, lastRecordedAt(page.events.slice(0, applied)));
        });
        checkpoint = reached;
        this.settings.onBatch?.(this.projection.name, applied, checkpoint);
      } else {
        checkpoint = page.checkpoint;
      }
      this.state.checkpoint = checkpoint;
      if (page.isEnd && complete) {
        this.state.caughtUp = true;
        await this.pause(this.settings.idleMs);
      }
    }
  }

  /**
   * Applies `events` in order, in chunks sized to fit the rest of the budget at the measured cost
   * per event, until all are applied or the budget is spent (at least one chunk: a batch always
   * makes progress). Returns how many were applied.
   */
  private async applyWithinBudget(db: PoolClient, events: readonly RecordedEvent[]): Promise<number> {
    const now = this.settings.clock ?? (() => performance.now());
    const budget = this.settings.batchBudgetMs;
    const started = now();
    let applied = 0;
    while (applied < events.length) {
      const left = budget - (now() - started);
      if (applied > 0 && left <= 0) break;
      // Half of what is left, so that a slower chunk than measured still ends near the budget.
      const fits = this.msPerEvent === undefined ? FIRST_CHUNK : Math.floor(left / 2 / Math.max(this.msPerEvent, 1e-3));
      const size = Math.min(events.length - applied, Math.max(1, fits));
      const chunkStarted = now();
      await this.projection.apply(db, applied === 0 && size === events.length ? events : events.slice(applied, applied + size), this.tables);
      const perEvent = (now() - chunkStarted) / size;
      this.msPerEvent = this.msPerEvent === undefined ? perEvent : (this.msPerEvent + perEvent) / 2;
      applied += size;
    }
    return applied;
  }

  private async transaction(db: PoolClient, work: () => Promise<void>): Promise<void> {
    await db.query('BEGIN');
    try {
      await work();
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async releaseLease(): Promise<void> {
    this.state.leased = false;
    this.state.caughtUp = false;
    await this.lease.release();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function lastRecordedAt(events: readonly RecordedEvent[]): string | null {
  return events.length > 0 ? events[events.length - 1].recordedAt : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
