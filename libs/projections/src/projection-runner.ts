import type { Pool, PoolClient } from 'pg';
import type { EventStore, Position, RecordedEvent } from '@laurel/event-store';
import { AdvisoryLease } from './advisory-lease';
import { assertSameCluster, migrateClusterIdentity } from './cluster-identity';
import { activateIfFirst, migrateProjectionStore, readCheckpoint, saveCheckpoint } from './checkpoints';
import { ProjectionTables, type Projection } from './projection';

export interface RunnerSettings {
  batchSize: number;
  /** Pause at the end of the feed before reading again. */
  idleMs: number;
  /** How often a runner that does not hold a projection's lease tries to take it over. */
  leaseRetryMs: number;
  onError?: (projection: string, error: unknown) => void;
  onLeaseAcquired?: (projection: string) => void;
  /** After each committed batch: how many events it applied and the checkpoint it reached. */
  onBatch?: (projection: string, applied: number, checkpoint: Position) => void;
}

const DEFAULTS: RunnerSettings = { batchSize: 1000, idleMs: 20, leaseRetryMs: 1000 };

export interface ProjectionStatus {
  name: string;
  version: number;
  leased: boolean;
  checkpoint: Position | null;
  caughtUp: boolean;
}

/**
 * Runs one projection version: holds its lease, reads the feed from the stored checkpoint, and
 * applies each batch in one transaction with the checkpoint.
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
      await activateIfFirst(db, this.projection, this.tables);
    });
    let checkpoint = await readCheckpoint(db, this.projection.name, this.version);
    this.state.checkpoint = checkpoint;
    while (!this.stopped && this.lease.held) {
      const page = await this.store.readAll({ after: checkpoint, batchSize: this.settings.batchSize, filter: this.projection.filter });
      if (page.events.length > 0) {
        await this.transaction(db, async () => {
          await this.projection.apply(db, page.events, this.tables);
          await saveCheckpoint(db, this.projection.name, this.version, page.checkpoint, page.events.length, lastRecordedAt(page.events));
        });
        this.settings.onBatch?.(this.projection.name, page.events.length, page.checkpoint);
      }
      checkpoint = page.checkpoint;
      this.state.checkpoint = checkpoint;
      if (page.isEnd) {
        this.state.caughtUp = true;
        await this.pause(this.settings.idleMs);
      }
    }
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
