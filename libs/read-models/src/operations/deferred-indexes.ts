import type { Pool, PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';

/**
 * The secondary indexes of a version's tables, set aside while a rebuild fills them and built once
 * at the end, before the version is swapped in: a bulk load maintains no index row by row (the
 * `initiatives` table alone has a dozen B-trees and a trigram index, and a rebuild rewrites each of
 * its rows once per batch that touches it). Indexes that back a constraint (primary keys, the
 * unique keys `ON CONFLICT` relies on) stay. The definitions are PostgreSQL's own
 * (`pg_get_indexdef`), so whatever `setup` creates is rebuilt exactly.
 */
export class DeferredIndexes {
  /** Index name → its CREATE INDEX statement. */
  private readonly definitions = new Map<string, string>();

  constructor(
    private readonly projection: Projection,
    private readonly tables: ProjectionTables,
  ) {}

  /** Drops the secondary indexes `setup` just made (each time it runs: a runner that retakes its lease sets up again). */
  async drop(db: PoolClient): Promise<void> {
    const { rows } = await db.query<{ name: string; definition: string }>(
      `SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = ic.relnamespace
        WHERE c.relname = ANY ($1::text[]) AND pg_table_is_visible(c.oid)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [this.projection.tables.map((table) => this.tables.name(table))],
    );
    for (const { name, definition } of rows) {
      this.definitions.set(name, definition);
      await db.query(`DROP INDEX IF EXISTS ${name}`);
    }
  }

  /** Builds every index set aside, two at a time (PostgreSQL parallelises each B-tree build further). */
  async restore(pool: Pool): Promise<void> {
    const pending = [...this.definitions.values()].map((definition) => definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
    const build = async () => {
      for (let next = pending.shift(); next !== undefined; next = pending.shift()) await pool.query(next);
    };
    await Promise.all([build(), build()]);
    this.definitions.clear();
  }
}
