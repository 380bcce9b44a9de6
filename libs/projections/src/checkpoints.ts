import type { Pool, PoolClient } from 'pg';
import { migrate, START, type Position } from '@laurel/event-store';
import type { Projection, ProjectionTables } from './projection';

export async function migrateProjectionStore(pool: Pool): Promise<void> {
  await migrate(pool, 'projections', [
    {
      id: '001-checkpoints',
      sql: `
CREATE TABLE projection_checkpoints (
  projection text NOT NULL,
  version int NOT NULL,
  position text NOT NULL,
  events_applied bigint NOT NULL DEFAULT 0,
  last_event_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, version)
);
CREATE TABLE projection_active (
  projection text PRIMARY KEY,
  version int NOT NULL,
  activated_at timestamptz NOT NULL DEFAULT now()
);`,
    },
  ]);
}

export async function readCheckpoint(db: PoolClient | Pool, projection: string, version: number): Promise<Position> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE projection = $1 AND version = $2', [
    projection,
    version,
  ]);
  return (rows[0]?.position ?? START) as Position;
}

export async function saveCheckpoint(db: PoolClient, projection: string, version: number, position: Position, applied: number, lastEventAt: string | null): Promise<void> {
  await db.query(
    `INSERT INTO projection_checkpoints (projection, version, position, events_applied, last_event_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (projection, version) DO UPDATE
       SET position = EXCLUDED.position,
           events_applied = projection_checkpoints.events_applied + EXCLUDED.events_applied,
           last_event_at = coalesce(EXCLUDED.last_event_at, projection_checkpoints.last_event_at),
           updated_at = now()`,
    [projection, version, position, applied, lastEventAt],
  );
}

/**
 * The first version of a projection to run becomes the active one, and its views are created.
 * Later versions become active only through a rebuild's swap.
 */
export async function activateIfFirst(db: PoolClient, projection: Projection, tables: ProjectionTables): Promise<void> {
  await db.query('INSERT INTO projection_active (projection, version) VALUES ($1, $2) ON CONFLICT DO NOTHING', [projection.name, tables.version]);
  const { rows } = await db.query<{ version: number }>('SELECT version FROM projection_active WHERE projection = $1', [projection.name]);
  if (rows[0]?.version === tables.version) await pointViews(db, projection, tables);
}

/** Points the stable query views at this version's tables. */
export async function pointViews(db: PoolClient, projection: Projection, tables: ProjectionTables): Promise<void> {
  for (const table of projection.tables) {
    await db.query(`DROP VIEW IF EXISTS ${tables.view(table)}`);
    await db.query(`CREATE VIEW ${tables.view(table)} AS SELECT * FROM ${tables.name(table)}`);
  }
}
