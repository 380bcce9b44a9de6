import type { PoolClient } from 'pg';

/**
 * Writes many rows in one statement: the rows travel as one JSON array and
 * `json_populate_recordset` turns them into the table's row type. One round trip per table per
 * batch, whatever the batch size — the projections' throughput rests on this.
 */
export async function upsertRows(
  db: PoolClient,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  rows: readonly object[],
  onConflict: 'update' | 'nothing' = 'update',
): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.join(', ');
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  const action = onConflict === 'nothing' || updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  await db.query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1::json) ON CONFLICT (${key.join(', ')}) ${action}`,
    [JSON.stringify(rows)],
  );
}

/** Rows keyed by one text column, for the given keys. */
export async function rowsByKey<Row extends object>(db: PoolClient, table: string, column: string, keys: readonly string[]): Promise<Map<string, Row>> {
  const map = new Map<string, Row>();
  if (keys.length === 0) return map;
  const { rows } = await db.query<Row>(`SELECT * FROM ${table} WHERE ${column} = ANY ($1::text[])`, [keys]);
  for (const row of rows) map.set((row as Record<string, string>)[column], row);
  return map;
}

/** Timestamps come back from pg as Date; rows are folded and written back as ISO strings. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}
