import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type { PlannedAppend } from '@laurel/application';
import { migrate } from '@laurel/event-store';

/** Keys are kept this long (api.md, "Conventions"); expired rows are ignored, then pruned. */
export const KEY_TTL_HOURS = 24;
/** An in-flight claim whose owner has not beaten its heart for this long is taken to be dead. */
export const LEASE_MS = 30_000;
export const HEARTBEAT_MS = 5_000;

/** Which key: the scope (a user id, or `public:` and the body's fingerprint) and the key. */
export interface KeyRef {
  scope: string;
  key: string;
}

export interface KeyRow {
  method: string;
  path: string;
  fingerprint: string | null;
  status: number | null;
  body: unknown;
  owner: string | null;
  /** Milliseconds since the owner's last heartbeat. */
  silentMs: number;
  generation: string | null;
  planned: PlannedAppend | null;
}

/**
 * The `idempotency_keys` table. A row is claimed by one process (its `owner`: host, pid and a
 * nonce drawn at start) which beats its heart while the command runs, records the append it is
 * about to make (`planned`) and finally the response.
 */
export class IdempotencyKeys {
  /** This process: `host/pid/nonce` (the nonce tells a restarted process from its predecessor). */
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(6).toString('hex')}`;

  constructor(private readonly pool: Pool) {}

  async migrate(): Promise<void> {
    await migrate(this.pool, 'api', [
      {
        id: '001-idempotency-keys',
        sql: `CREATE TABLE idempotency_keys (
          actor_id text NOT NULL, key text NOT NULL, method text NOT NULL, path text NOT NULL,
          status int, body jsonb, created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (actor_id, key))`,
      },
      {
        id: '002-idempotency-fingerprint-owner-expiry',
        sql: `ALTER TABLE idempotency_keys
            ADD COLUMN fingerprint text, ADD COLUMN owner text, ADD COLUMN heartbeat_at timestamptz,
            ADD COLUMN generation text, ADD COLUMN planned jsonb,
            ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now() + interval '${KEY_TTL_HOURS} hours';
          CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)`,
      },
    ]);
  }

  /** Claims the key for this process (a new row, or one that expired). Its generation, or undefined if taken. */
  async claim(ref: KeyRef, method: string, path: string, fingerprint: string): Promise<string | undefined> {
    const generation = randomBytes(8).toString('hex');
    const { rowCount } = await this.pool.query(
      `INSERT INTO idempotency_keys AS k (actor_id, key, method, path, fingerprint, owner, heartbeat_at, generation, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, now() + interval '${KEY_TTL_HOURS} hours')
       ON CONFLICT (actor_id, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path,
         fingerprint = EXCLUDED.fingerprint, owner = EXCLUDED.owner, heartbeat_at = now(), generation = EXCLUDED.generation,
         status = NULL, body = NULL, planned = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE k.expires_at <= now()`,
      [ref.scope, ref.key, method, path, fingerprint, this.owner, generation],
    );
    return rowCount === 1 ? generation : undefined;
  }

  /** The live (unexpired) row of the key. */
  async find(ref: KeyRef): Promise<KeyRow | undefined> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT method, path, fingerprint, status, body, owner, generation, planned,
              coalesce(extract(epoch FROM now() - heartbeat_at) * 1000, 'Infinity')::float8 AS "silentMs"
       FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND expires_at > now()`,
      [ref.scope, ref.key],
    );
    return rows[0];
  }

  /** Takes over an in-flight claim from a dead owner; false if someone else did first or it finished. */
  async takeOver(ref: KeyRef, from: string | null): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE idempotency_keys SET owner = $3, heartbeat_at = now()
       WHERE actor_id = $1 AND key = $2 AND status IS NULL AND owner IS NOT DISTINCT FROM $4 AND expires_at > now()`,
      [ref.scope, ref.key, this.owner, from],
    );
    return rowCount === 1;
  }

  async plan(ref: KeyRef, planned: PlannedAppend): Promise<void> {
    await this.pool.query('UPDATE idempotency_keys SET planned = $3 WHERE actor_id = $1 AND key = $2 AND owner = $4', [ref.scope, ref.key, JSON.stringify(planned), this.owner]);
  }

  async complete(ref: KeyRef, status: number, body: unknown): Promise<void> {
    await this.pool.query('UPDATE idempotency_keys SET status = $3, body = $4 WHERE actor_id = $1 AND key = $2', [ref.scope, ref.key, status, JSON.stringify(body ?? null)]);
  }

  /** The command failed and wrote nothing: the key is free for a retry. */
  async release(ref: KeyRef): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND owner = $3 AND status IS NULL', [ref.scope, ref.key, this.owner]);
  }

  /** Keeps this process's in-flight claims leased. */
  async heartbeat(): Promise<void> {
    await this.pool.query('UPDATE idempotency_keys SET heartbeat_at = now() WHERE owner = $1 AND status IS NULL', [this.owner]);
  }

  /** Deletes a batch of expired rows (the index on expires_at keeps this cheap). */
  async prune(limit = 1000): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT $1)',
      [limit],
    );
    return rowCount ?? 0;
  }

  /** Whether the owner of an in-flight row is gone: silent past the lease, or a dead process on this host. */
  ownerGone(row: Pick<KeyRow, 'owner' | 'silentMs'>): boolean {
    if (!row.owner || row.silentMs > LEASE_MS) return true;
    const [nonce, pid, ...host] = row.owner.split('/').reverse();
    if (host.reverse().join('/') !== hostname()) return false;
    if (Number(pid) === process.pid) return row.owner !== this.owner;
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH' && nonce.length > 0;
    }
  }
}
