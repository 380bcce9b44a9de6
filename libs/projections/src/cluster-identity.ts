import type { Pool, PoolClient } from 'pg';
import { migrate } from '@laurel/event-store';

/**
 * Thrown by every feed reader (projection runner, notification dispatcher) when the database's
 * checkpoints were written on another PostgreSQL cluster: a logical dump restored elsewhere starts
 * a new transaction-id counter, so new events would sort before the stored checkpoints and be
 * skipped without a word. docs/operations.md, "Restoring into another cluster".
 */
export class ClusterChanged extends Error {
  constructor(
    readonly recorded: string,
    readonly current: string,
  ) {
    super(
      `The feed refuses to run: this database's checkpoints were written on PostgreSQL cluster ${recorded}, but it now runs on cluster ${current} ` +
        `(restored or copied into another cluster). Event positions come from the cluster's transaction ids, so reading on would skip new events. ` +
        `Follow docs/operations.md, "Restoring into another cluster": advance the new cluster's transaction ids past the log's (pg_resetwal -e/-x), ` +
        `then accept it with: UPDATE laurel_cluster_identity SET system_identifier = '${current}', recorded_at = now();`,
    );
    this.name = 'ClusterChanged';
  }
}

export async function migrateClusterIdentity(pool: Pool): Promise<void> {
  await migrate(pool, 'cluster-identity', [
    {
      id: '001-cluster-identity',
      sql: `
CREATE TABLE laurel_cluster_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  system_identifier text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);`,
    },
  ]);
}

/** Records this cluster's system_identifier on first use; throws ClusterChanged when a different one was recorded. */
export async function assertSameCluster(db: Pool | PoolClient): Promise<void> {
  // Read first: an INSERT … ON CONFLICT takes an xid even when it inserts nothing, and xids move the feed's head.
  const read = () =>
    db.query<{ current: string; recorded: string | null }>(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS current, (SELECT system_identifier FROM laurel_cluster_identity) AS recorded`,
    );
  let { current, recorded } = (await read()).rows[0];
  if (recorded === null) {
    await db.query('INSERT INTO laurel_cluster_identity (system_identifier) VALUES ($1) ON CONFLICT DO NOTHING', [current]);
    ({ current, recorded } = (await read()).rows[0]);
  }
  if (recorded !== current) throw new ClusterChanged(recorded ?? '?', current);
}
