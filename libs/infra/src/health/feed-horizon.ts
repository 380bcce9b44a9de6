import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { sampleFeedHorizon } from '@laurel/event-store';
import { LaurelConfig } from '../config/laurel.config';

export interface HorizonSample {
  /** Age of the oldest transaction anywhere in the cluster that holds an xid (0 when none): the feed sees nothing committed after it began. */
  oldestTransactionSeconds: number;
  /** Its database, pid and state, for the operator who has to end it. */
  holder: { database: string | null; pid: number; state: string | null } | null;
  /** Events already committed that the feed does not show yet because of it. */
  heldEvents: number;
}

/**
 * The feed's horizon (docs/operations.md, "The feed's horizon"): readers see only transactions below
 * pg_snapshot_xmin, so one long transaction in any database of the cluster holds back projections,
 * notifications and timers. Sampled by the PostgreSQL adapter (`sampleFeedHorizon`); with
 * EVENT_STORE=kurrentdb there is no such horizon and the sample is zero.
 */
@Injectable()
export class FeedHorizon implements OnModuleInit {
  constructor(
    private readonly pool: Pool,
    private readonly registry: Registry,
    private readonly config: LaurelConfig,
  ) {}

  get warnAfterSeconds(): number {
    return this.config.FEED_HORIZON_WARN_SECONDS;
  }

  async sample(): Promise<HorizonSample> {
    // KurrentDB's feed has no horizon: PostgreSQL's transactions hold back nothing it hands over.
    if (this.config.EVENT_STORE === 'kurrentdb') return { oldestTransactionSeconds: 0, holder: null, heldEvents: 0 };
    const row = await sampleFeedHorizon(this.pool);
    return {
      oldestTransactionSeconds: Math.max(0, row?.seconds ?? 0),
      holder: row?.pid != null ? { database: row.datname, pid: row.pid, state: row.state } : null,
      heldEvents: Number(row?.held ?? 0),
    };
  }

  onModuleInit(): void {
    if (this.registry.getSingleMetric('laurel_feed_horizon_age_seconds')) return;
    const sample = () => this.sample();
    new Gauge({
      name: 'laurel_feed_horizon_age_seconds',
      help: "Age of the oldest transaction in the cluster holding the feed's horizon (pg_snapshot_xmin); 0 when none",
      registers: [this.registry],
      async collect() {
        this.set((await sample()).oldestTransactionSeconds);
      },
    });
    new Gauge({
      name: 'laurel_feed_held_events',
      help: "Committed events the feed does not show yet: its delay behind the log's head",
      registers: [this.registry],
      async collect() {
        this.set((await sample()).heldEvents);
      },
    });
  }
}
