import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { canonicalEvent, GENESIS_HASH } from '../audit/canonical';

export interface BackfillProgress {
  /** Events hashed so far, of `total` that had no hash when the back-fill started. */
  done: number;
  total: number;
}

/**
 * Computes the hash chains of events stored without one: every event of a store older than
 * migration 003, or appended by a process that predates it. Each stream is recomputed from its
 * first event without a hash, under the stream's advisory lock, so appends to it wait and then
 * chain onto the result. Idempotent: running it twice (or in two processes) writes the same hashes.
 */
export async function backfillHashChains(pool: Pool, onProgress?: (progress: BackfillProgress) => void, streamsPerBatch = 500): Promise<number> {
  const { rows: count } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events WHERE hash IS NULL');
  const total = Number(count[0].n);
  if (total === 0) return 0;
  let done = 0;
  onProgress?.({ done, total });
  for (;;) {
    const { rows: pending } = await pool.query<{ stream_name: string }>(
      'SELECT DISTINCT stream_name FROM es_events WHERE hash IS NULL ORDER BY stream_name LIMIT $1',
      [streamsPerBatch],
    );
    if (pending.length === 0) break;
    done += await hashStreams(pool, pending.map((r) => r.stream_name));
    onProgress?.({ done: Math.min(done, total), total });
  }
  return done;
}

async function hashStreams(pool: Pool, streams: string[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(s, 0) AS h FROM unnest($1::text[]) s ORDER BY h) l', [streams]);
    const { rows } = await client.query<{ stream_name: string; stream_version: string; event_id: string; event_type: string; data: unknown; metadata: unknown; hash: Buffer | null }>(
      `SELECT stream_name, stream_version, event_id, event_type, data, metadata, hash FROM es_events
        WHERE stream_name = ANY ($1) ORDER BY stream_name, stream_version`,
      [streams],
    );
    const names: string[] = [];
    const versions: string[] = [];
    const hashes: Buffer[] = [];
    let stream = '';
    let previous: Buffer = GENESIS_HASH;
    let broken = false;
    for (const row of rows) {
      if (row.stream_name !== stream) {
        stream = row.stream_name;
        previous = GENESIS_HASH;
        broken = false;
      }
      // Hashes already stored before the first missing one are kept as they are.
      if (!broken && row.hash) {
        previous = row.hash;
        continue;
      }
      broken = true;
      const canonical = canonicalEvent({
        stream: row.stream_name,
        version: Number(row.stream_version),
        type: row.event_type,
        eventId: row.event_id,
        data: row.data,
        metadata: row.metadata,
      });
      previous = createHash('sha256').update(previous).update(canonical, 'utf8').digest();
      names.push(row.stream_name);
      versions.push(row.stream_version);
      hashes.push(previous);
    }
    await client.query(
      `UPDATE es_events e SET hash = u.h FROM unnest($1::text[], $2::bigint[], $3::bytea[]) AS u(s, v, h)
        WHERE e.stream_name = u.s AND e.stream_version = u.v`,
      [names, versions, hashes],
    );
    await client.query('COMMIT');
    return names.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
