import type { Pool } from 'pg';
import { INITIATIVE_VIEWS, type InitiativeSource } from './initiatives.reader';

/** A movement's initiatives counted as they stand: in all, per status (the current stage) and per field. */
export interface MovementStatistics {
  initiatives: number;
  /** Per workflow status (the initiative's current stage). */
  byStatus: Record<string, number>;
  byField: Record<string, number>;
}

/**
 * Counts from the initiatives read model (its movement index), not by folding the movement's
 * initiative streams. The counts come in order of first registration, as a fold of the log would meet them.
 */
export async function movementStatistics(pool: Pool, movementId: string, source: Pick<InitiativeSource, 'initiatives'> = INITIATIVE_VIEWS): Promise<MovementStatistics> {
  const { rows } = await pool.query<{ status: string; field: string; count: number }>(
    `SELECT status, field, count(*)::int AS count, min(registered_position) AS first
       FROM ${source.initiatives} WHERE movement_id = $1 GROUP BY status, field ORDER BY first`,
    [movementId],
  );
  const byStatus: Record<string, number> = {};
  const byField: Record<string, number> = {};
  let initiatives = 0;
  for (const row of rows) {
    initiatives += row.count;
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.count;
    byField[row.field] = (byField[row.field] ?? 0) + row.count;
  }
  return { initiatives, byStatus, byField };
}
