import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { batchSettingsFromEnv } from '@laurel/projections';
import { ProjectionLagModule, readModelsFor, ReadModelSupervisor } from '@laurel/read-models';

/**
 * Runs every read model's projection from the global feed. Each is leased by an advisory lock, so
 * any number of projector processes may run: one works per read model, the others stand by and take
 * over within a second of the holder's death.
 */
@Injectable()
export class Projector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly supervisors: ReadModelSupervisor[];

  constructor(pool: Pool, @Inject(EVENT_STORE) store: EventStore) {
    // Bounded by a count and by a time: no batch holds the feed's horizon longer than the budget.
    const batches = batchSettingsFromEnv(process.env, 2000);
    this.supervisors = readModelsFor(store).map(
      (projection) =>
        new ReadModelSupervisor(pool, store, projection, {
          ...batches,
          leaseRetryMs: 500,
          onError: (name, error) => this.logger.error({ err: error }, `projection ${name} failed; retrying`),
          onLeaseAcquired: (name) => this.logger.log(`projection ${name}: lease taken, catching up`),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.supervisors.map((s) => s.start()));
    this.logger.log(`running ${this.supervisors.map((s) => s.projection.name).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.supervisors.map((s) => s.stop()));
  }
}

@Module({ imports: [ProjectionLagModule], providers: [Projector], exports: [Projector] })
export class ProjectorModule {}
