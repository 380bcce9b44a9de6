import { types, type CustomTypesConfig, type PoolClient } from 'pg';

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

const TIMESTAMPTZ = 1184;
const parseTimestamptz = types.getTypeParser(TIMESTAMPTZ, 'text');
/** PostgreSQL's text form of a timestamptz in a UTC session (DateStyle ISO): `2026-12-03 09:45:34.123456+00`. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as the ISO string `iso()` makes of it (`Date.toISOString()`: milliseconds, the rest
 * truncated, as a Date truncates), without building the Date: the text PostgreSQL sends in a UTC
 * session is rearranged. Any other form (another session time zone, a year past 9999, infinity)
 * goes through pg's own parser and `iso()`, so the answer is the same whatever the server sends.
 */
export function isoTimestamp(text: string): string | null {
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc === null) return iso(parseTimestamptz(text));
  const ms = utc[3] === undefined ? '000' : `${utc[3]}00`.slice(0, 3);
  return `${utc[1]}T${utc[2]}.${ms}Z`;
}

/**
 * Query types for readers that answer timestamps as ISO strings (through `iso()`): timestamptz
 * columns arrive as those strings (isoTimestamp), every other type as pg parses it. A quarter of the
 * row parsing of a list page was building Dates only to print them again (bench:http).
 */
export const ISO_TIMESTAMPS: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary' ? isoTimestamp : types.getTypeParser(oid, format ?? 'text')) as CustomTypesConfig['getTypeParser'],
};
