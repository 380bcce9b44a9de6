import type { Pool } from 'pg';
import type { EventStore } from '@laurel/event-store';
import { migrateProjectionStore, ProjectionRunner, type Projection, type ProjectionStatus, type RunnerSettings } from '@laurel/projections';
import { activeReadModel, swapIn } from './active-version';

export interface SupervisorSettings extends Partial<RunnerSettings> {
  /** How often it looks whether a rebuild swapped another version in. */
  followMs?: number;
}

/**
 * Keeps one read model current: runs the active version (the one behind the views) and follows a
 * rebuild's swap to a new version. When the code's version is newer than the active one (a deploy
 * changed the tables), it builds that version beside the live one and swaps it in once caught up.
 */
export class ReadModelSupervisor {
  private live: ProjectionRunner | undefined;
  private candidate: ProjectionRunner | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    readonly projection: Projection,
    private readonly settings: SupervisorSettings = {},
  ) {}

  get status(): ProjectionStatus | undefined {
    return this.live?.status;
  }

  async start(): Promise<void> {
    await migrateProjectionStore(this.pool);
    await this.tick();
    this.schedule();
  }

  /** Resolves when the live runner has reached the end of the feed. */
  async caughtUp(timeoutMs?: number): Promise<void> {
    const deadline = Date.now() + (timeoutMs ?? 60_000);
    while (!this.live) {
      if (Date.now() > deadline) throw new Error(`${this.projection.name}: no runner`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await this.live.caughtUp(Math.max(1, deadline - Date.now()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([this.live?.stop(), this.candidate?.stop()]);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) => this.settings.onError?.(this.projection.name, error))
        .finally(() => this.schedule());
    }, this.settings.followMs ?? 1000);
  }

  private async tick(): Promise<void> {
    const active = await activeReadModel(this.pool, this.projection.name);
    const liveVersion = active?.version ?? this.projection.version;
    if (this.live?.version !== liveVersion) {
      await this.live?.stop();
      this.live = this.runner(liveVersion);
    }
    if (active && active.version < this.projection.version) await this.buildCandidate();
    else if (this.candidate && this.candidate.version <= liveVersion) {
      await this.candidate.stop();
      this.candidate = undefined;
    }
  }

  private async buildCandidate(): Promise<void> {
    this.candidate ??= this.runner(this.projection.version);
    if (!this.candidate.status.caughtUp) return;
    await swapIn(this.pool, this.projection, this.candidate.version);
    await this.live?.stop();
    this.live = this.candidate;
    this.candidate = undefined;
  }

  private runner(version: number): ProjectionRunner {
    const { followMs: _followMs, ...settings } = this.settings;
    const runner = new ProjectionRunner(this.pool, this.store, this.projection, settings, version);
    runner.start();
    return runner;
  }
}
