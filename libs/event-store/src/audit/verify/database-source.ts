import type { Pool, PoolClient } from 'pg';
import type { LoggedEvent, LogSource, SealedLeaf } from './types';

/**
 * The log as PostgreSQL holds it, read in one REPEATABLE READ snapshot: events, checkpoints and the
 * sealer's leaves all as of one instant. Reads es_events directly, in global order.
 */
export class DatabaseLogSource implements LogSource {
  private client: PoolClient | undefined;
  private owned = true;

  private constructor(private readonly batchSize: number) {}

  static async open(pool: Pool, batchSize = 20_000): Promise<DatabaseLogSource> {
    const source = new DatabaseLogSource(batchSize);
    source.client = await pool.connect();
    await source.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return source;
  }

  /** Reads through a client already in a transaction (it sees that transaction's own changes); the caller ends it. */
  static onClient(client: PoolClient, batchSize = 20_000): DatabaseLogSource {
    const source = new DatabaseLogSource(batchSize);
    source.client = client;
    source.owned = false;
    return source;
  }

  private db(): PoolClient {
    if (!this.client) throw new Error('source closed');
    return this.client;
  }

  async count(): Promise<number> {
    const { rows } = await this.db().query<{ n: string }>('SELECT count(*)::text AS n FROM es_events');
    return Number(rows[0].n);
  }

  async *events(): AsyncIterable<LoggedEvent[]> {
    const db = this.db();
    await db.query(`DECLARE audit_events NO SCROLL CURSOR FOR
      SELECT stream_name, stream_version::int, event_type, event_id::text, data, metadata, hash,
             lpad(to_hex(transaction_id::text::bigint), 16, '0') || lpad(to_hex(global_position), 16, '0')
        FROM es_events ORDER BY transaction_id, global_position`);
    const fetch = () => db.query<unknown[]>({ text: `FETCH ${this.batchSize} FROM audit_events`, rowMode: 'array' });
    // The next batch is on its way while this one is checked: PostgreSQL and the verifier work at once.
    let next = fetch();
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) break;
      next = fetch();
      const batch: LoggedEvent[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        batch[i] = {
          stream: r[0] as string,
          version: r[1] as number,
          type: r[2] as string,
          eventId: r[3] as string,
          data: r[4],
          metadata: r[5],
          hash: r[6] as Buffer | null,
          position: r[7] as string,
        };
      }
      yield batch;
    }
    await db.query('CLOSE audit_events');
  }

  async checkpoints(): Promise<string[]> {
    if (!(await this.hasAuditTables())) return [];
    const { rows } = await this.db().query<{ note: string }>('SELECT note FROM audit_checkpoints ORDER BY tree_size');
    return rows.map((r) => r.note);
  }

  async sealedLeaves(from: number, to: number): Promise<SealedLeaf[]> {
    if (!(await this.hasAuditTables())) return [];
    const { rows } = await this.db().query<{ leaf_index: string; event_id: string; stream_name: string; stream_version: string; event_hash: Buffer; position: string }>(
      'SELECT leaf_index, event_id, stream_name, stream_version, event_hash, position FROM audit_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index',
      [from, to],
    );
    return rows.map((r) => ({ index: Number(r.leaf_index), eventId: r.event_id, stream: r.stream_name, version: Number(r.stream_version), hash: r.event_hash, position: r.position }));
  }

  async hasEvent(eventId: string): Promise<boolean> {
    const { rows } = await this.db().query('SELECT 1 FROM es_events WHERE event_id = $1', [eventId]);
    return rows.length > 0;
  }

  async isSealed(eventId: string): Promise<boolean> {
    const { rows } = await this.db().query('SELECT 1 FROM audit_leaves WHERE event_id = $1', [eventId]);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client || !this.owned) return;
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }

  private async hasAuditTables(): Promise<boolean> {
    const { rows } = await this.db().query<{ t: string | null }>(`SELECT to_regclass('audit_checkpoints')::text AS t`);
    return rows[0].t !== null;
  }
}
