import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { HealthChecks } from '@laurel/infra';
import { readModelsFor } from '../catalogue';
import { projectionLag, type ProjectionLag } from '../operations/lag';

/** Lag beyond which /health reports a read model down. */
const DOWN_AFTER_SECONDS = Number(process.env.PROJECTION_LAG_DOWN_SECONDS ?? 300);

/**
 * Reports how far each read model is behind the log: on GET /health (`projections`, down when a
 * read model is more than PROJECTION_LAG_DOWN_SECONDS behind) and as Prometheus gauges
 * laurel_projection_lag_events / laurel_projection_lag_seconds{projection}.
 */
@Injectable()
export class ProjectionLagReporter implements OnModuleInit {
  constructor(
    private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: Registry,
    private readonly health: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.health.register('projections', async (indicators) => {
      const indicator = indicators.check('projections');
      try {
        const lags = await this.lags();
        const details = Object.fromEntries(lags.map((l) => [l.projection, { version: l.version, lagEvents: l.events, lagSeconds: Math.round(l.seconds * 1000) / 1000 }]));
        return lags.some((l) => l.seconds > DOWN_AFTER_SECONDS) ? indicator.down(details) : indicator.up(details);
      } catch (error) {
        return indicator.down({ message: (error as Error).message });
      }
    });
    if (this.registry.getSingleMetric('laurel_projection_lag_events')) return;
    const lags = () => this.lags();
    new Gauge({
      name: 'laurel_projection_lag_events',
      help: 'Events a read model reads that it has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const lag of await lags()) this.set({ projection: lag.projection }, lag.events);
      },
    });
    new Gauge({
      name: 'laurel_projection_lag_seconds',
      help: 'Age of the oldest event a read model has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const lag of await lags()) this.set({ projection: lag.projection }, lag.seconds);
      },
    });
  }

  lags(): Promise<ProjectionLag[]> {
    return Promise.all(readModelsFor(this.store).map((p) => projectionLag(this.pool, this.store, p)));
  }
}

@Module({ providers: [ProjectionLagReporter], exports: [ProjectionLagReporter] })
export class ProjectionLagModule {}
