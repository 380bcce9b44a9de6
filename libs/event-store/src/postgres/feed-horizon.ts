import type { Pool } from 'pg';

export interface FeedHorizonRow {
  /** Age of the oldest transaction in the cluster that holds an xid; null when none. */
  seconds: number | null;
  datname: string | null;
  pid: number | null;
  state: string | null;
  /** Events committed at or above the horizon (pg_snapshot_xmin): not in the feed yet. */
  held: string | null;
}

/**
 * The PostgreSQL feed's horizon (docs/operations.md, "The feed's horizon"): readers see only
 * transactions below pg_snapshot_xmin, so one long transaction in any database of the cluster holds
 * back the feed. Two cheap queries in one statement: pg_stat_activity/pg_prepared_xacts, and an index
 * range scan over the tail of es_events. Without an event table (not migrated yet): the age alone.
 */
export async function sampleFeedHorizon(pool: Pool): Promise<FeedHorizonRow | undefined> {
  const { rows } = await pool
    .query<FeedHorizonRow>(
      `WITH running AS (
         SELECT xact_start AS since, datname, pid, state FROM pg_stat_activity
          WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
         UNION ALL
         SELECT prepared, database, 0, 'prepared' FROM pg_prepared_xacts
       ), oldest AS (SELECT * FROM running ORDER BY since LIMIT 1)
       SELECT extract(epoch FROM now() - o.since)::float8 AS seconds, o.datname, o.pid, o.state,
              (SELECT count(*) FROM es_events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))::text AS held
         FROM (SELECT 1) one LEFT JOIN oldest o ON true`,
    )
    .catch(async (error: { code?: string }) => {
      if (error.code !== '42P01') throw error;
      return pool.query<FeedHorizonRow>(
        `SELECT extract(epoch FROM now() - min(xact_start))::float8 AS seconds, NULL::text AS datname, NULL::int AS pid, NULL::text AS state, '0' AS held
           FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
      );
    });
  return rows[0];
}
