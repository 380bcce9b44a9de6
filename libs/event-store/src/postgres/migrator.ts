import type { Pool } from 'pg';

export interface Migration {
  /** Unique and sortable within its namespace, e.g. `001-event-log`. Never renamed once released. */
  id: string;
  sql: string;
}

/**
 * Applies versioned migrations once each, in order, under an advisory lock so that several processes
 * starting together do not race. Each migration runs in its own transaction with its bookkeeping row.
 */
export async function migrate(pool: Pool, namespace: string, migrations: readonly Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // A migration may rewrite a large table: the sessions' statement_timeout is for requests, not for it.
    await client.query('SET statement_timeout = 0');
    await client.query(`SELECT pg_advisory_lock(hashtextextended('laurel-migrations', 0))`);
    await client.query(`CREATE TABLE IF NOT EXISTS laurel_migrations (
      namespace text NOT NULL, id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (namespace, id))`);
    const done = await client.query<{ id: string }>('SELECT id FROM laurel_migrations WHERE namespace = $1', [namespace]);
    const seen = new Set(done.rows.map((r) => r.id));
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (seen.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO laurel_migrations (namespace, id) VALUES ($1, $2)', [namespace, migration.id]);
        await client.query('COMMIT');
        applied.push(migration.id);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${namespace}/${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtextextended('laurel-migrations', 0))`).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
  return applied;
}
