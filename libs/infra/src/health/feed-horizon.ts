import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
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
 * notifications and timers. Two cheap queries: pg_stat_activity/pg_prepared_xacts, and an index
 * range scan over the tail of es_events.
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
    const { rows } = await this.pool.query<{ seconds: number | null; datname: string | null; pid: number | null; state: string | null; held: string | null }>(
      `WITH running AS (
         SELECT xact_start AS since, datname, pid, state FROM pg_stat_activity
          WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
         UNION ALL
         SELECT prepared, database, 0, 'prepared' FROM pg_prepared_xacts
       ), oldest AS (SELECT * FROM running ORDER BY since LIMIT 1)
       SELECT extract(epoch FROM now() - o.since)::float8 AS seconds, o.datname, o.pid, o.state,
              (SELECT count(*) FROM es_events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))::text AS held
         FROM (SELECT 1) one LEFT JOIN oldest o ON true`,
    ).catch(async (error: { code?: string }) => {
      // No event table in this database (KurrentDB, or not migrated yet): the age alone.
      if (error.code !== '42P01') throw error;
      return this.pool.query<{ seconds: number | null; datname: string | null; pid: number | null; state: string | null; held: string | null }>(
        `SELECT extract(epoch FROM now() - min(xact_start))::float8 AS seconds, NULL::text AS datname, NULL::int AS pid, NULL::text AS state, '0' AS held
           FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
      );
    });
    const row = rows[0];
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
