import type { Pool, PoolClient } from 'pg';
import { START, type Position } from '@laurel/event-store';
import { pointViews, ProjectionTables, type Projection } from '@laurel/projections';

export interface ActiveReadModel {
  version: number;
  checkpoint: Position;
}

/** The version queries read (behind the stable views) and its checkpoint; undefined before the first run. */
export async function activeReadModel(db: Pool | PoolClient, projection: string): Promise<ActiveReadModel | undefined> {
  try {
    const { rows } = await db.query<{ version: number; position: string | null }>(
      `SELECT a.version, c.position FROM projection_active a
         LEFT JOIN projection_checkpoints c ON c.projection = a.projection AND c.version = a.version
        WHERE a.projection = $1`,
      [projection],
    );
    return rows[0] ? { version: rows[0].version, checkpoint: (rows[0].position ?? START) as Position } : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return undefined; // the projection store is not migrated yet
    throw error;
  }
}

/** Makes `version` the one queries read: views and projection_active change in one transaction. */
export async function swapIn(pool: Pool, projection: Projection, version: number): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    await pointViews(db, projection, new ProjectionTables(projection.name, version));
    await db.query(
      `INSERT INTO projection_active (projection, version) VALUES ($1, $2)
       ON CONFLICT (projection) DO UPDATE SET version = EXCLUDED.version, activated_at = now()`,
      [projection.name, version],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
