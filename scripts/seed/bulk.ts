import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { WrongExpectedVersion, type EventStore, type NewEvent } from '@laurel/event-store';
import { canonicalEventPrefix, GENESIS_HASH } from '@laurel/event-store/audit/canonical';
import { liveInitiative } from './lifecycle';
import { Random } from './random';
import { envelope, initiativeEvents, initiativeSeed } from './synthetic-history';
import { referenceData } from './world';

/**
 * A large synthetic history, fast: the same histories as seed:synthetic (every event decided by the
 * domain's deciders), but written straight into es_events in bulk — a few thousand initiatives per
 * transaction, one multi-row INSERT — instead of one es_append_batch call per initiative.
 *
 * What the append function would store, the bulk insert stores: stream versions from 1, the
 * category, and each event's chain hash SHA-256(previous || canonical encoding) computed here with the
 * shared canonical encoding; transaction_id, global_position and recorded_at take their column
 * defaults, so each chunk is one transaction with ascending positions. Every initiative stream is new
 * and written whole by one transaction, so no other writer can interleave: the log stays verifiable
 * (audit:verify) and projectable.
 *
 * Resumable: each chunk's transaction also records, in bench_seed_progress, how many initiatives are
 * written. Initiative n's history depends only on (seed, n) — a generator of its own — so a rerun
 * continues at the next initiative and writes what an uninterrupted run would have written.
 */
export interface BulkSeedOptions {
  initiatives: number;
  seed?: number;
  firstYear?: number;
  years?: number;
  /** Initiatives per transaction. */
  chunk?: number;
  /** `from`: the initiatives already written when this call started (a resumed seed). */
  onProgress?: (done: number, total: number, events: number, from: number) => void;
}

export interface BulkSeedResult {
  /** Initiatives in the log now. */
  initiatives: number;
  /** Events written by this call. */
  events: number;
  seconds: number;
}

const PROGRESS_TABLE = 'bench_seed_progress';
const TAG = 'scale-';

/** Initiative n's own generator: a rerun regenerates n without replaying 0..n-1. */
export function initiativeRandom(seed: number, n: number): Random {
  return new Random((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
}

export async function bulkSeed(pool: Pool, store: EventStore, options: BulkSeedOptions): Promise<BulkSeedResult> {
  const started = Date.now();
  const seed = options.seed ?? 20250301;
  const years = options.years ?? 7;
  const firstYear = options.firstYear ?? 2019;
  const chunk = options.chunk ?? 1000;
  await pool.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (
    id boolean PRIMARY KEY DEFAULT true CHECK (id), seed bigint NOT NULL, first_year int NOT NULL, years int NOT NULL,
    initiatives bigint NOT NULL, events bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  const ref = referenceData(firstYear, years);
  let events = 0;
  let done = await progress(pool);
  if (done === undefined) {
    for (const write of ref.writes) {
      try {
        await store.appendToStream(write.stream, write.events.map((e) => envelope(e, write.actor, write.at, 'seed')), { expectedVersion: 'no_stream' });
        events += write.events.length;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
      }
    }
    await pool.query(`INSERT INTO ${PROGRESS_TABLE} (seed, first_year, years, initiatives, events) VALUES ($1, $2, $3, 0, 0) ON CONFLICT DO NOTHING`, [seed, firstYear, years]);
    done = 0;
  } else {
    const { rows } = await pool.query<{ seed: string; first_year: number; years: number }>(`SELECT seed, first_year, years FROM ${PROGRESS_TABLE}`);
    if (Number(rows[0].seed) !== seed || rows[0].first_year !== firstYear || rows[0].years !== years) {
      throw new Error(`this database was seeded with --seed ${rows[0].seed}, first year ${rows[0].first_year}, ${rows[0].years} years: use those (or another database)`);
    }
  }

  const generate = (from: number, to: number) => {
    const streams: string[] = [];
    const versions: number[] = [];
    const ids: string[] = [];
    const types: string[] = [];
    const data: unknown[] = [];
    const metadata: unknown[] = [];
    const hashes: string[] = [];
    for (let n = from; n < to; n++) {
      const random = initiativeRandom(seed, n);
      const s = initiativeSeed(ref, n, random, TAG, true);
      const stream = `initiative-${s.initiativeId}`;
      let previous = GENESIS_HASH;
      initiativeEvents(liveInitiative(ref.world, s, random), s.movement.workflowId).forEach((e: NewEvent, i) => {
        const md = e.metadata ?? {};
        const text = canonicalEventPrefix({ stream, type: e.type, eventId: e.eventId, data: e.data, metadata: md }) + String(i + 1) + '}';
        previous = createHash('sha256').update(previous).update(text, 'utf8').digest();
        streams.push(stream);
        versions.push(i + 1);
        ids.push(e.eventId);
        types.push(e.type);
        data.push(e.data);
        metadata.push(md);
        hashes.push(previous.toString('hex'));
      });
    }
    return JSON.stringify({ s: streams, v: versions, id: ids, t: types, d: data, m: metadata, h: hashes });
  };

  const write = async (client: PoolClient, payload: string, through: number) => {
    await client.query('BEGIN');
    try {
      // Lost on a crash at most the last chunk, with its progress row: the same transaction.
      await client.query('SET LOCAL synchronous_commit = off');
      const { rowCount } = await client.query(
        `WITH p AS (SELECT $1::jsonb AS j)
         INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata, hash)
         SELECT s, v::bigint, id::uuid, t, 'initiative', d, m, decode(h, 'hex')
           FROM p, ROWS FROM (
             jsonb_array_elements_text(j->'s'), jsonb_array_elements_text(j->'v'), jsonb_array_elements_text(j->'id'),
             jsonb_array_elements_text(j->'t'), jsonb_array_elements(j->'d'), jsonb_array_elements(j->'m'), jsonb_array_elements_text(j->'h')
           ) WITH ORDINALITY AS x(s, v, id, t, d, m, h, ord)
          ORDER BY ord`,
        [payload],
      );
      await client.query(`UPDATE ${PROGRESS_TABLE} SET initiatives = $1, events = events + $2, updated_at = now()`, [through, rowCount]);
      await client.query('COMMIT');
      return rowCount ?? 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  const client = await pool.connect();
  try {
    let pending: Promise<number> | undefined;
    let pendingEvents = 0;
    let n = done;
    while (n < options.initiatives) {
      const to = Math.min(options.initiatives, n + chunk);
      // Generate the next chunk while PostgreSQL inserts the previous one.
      const payload = generate(n, to);
      if (pending) {
        pendingEvents = await pending;
        events += pendingEvents;
        options.onProgress?.(n, options.initiatives, events, done);
      }
      pending = write(client, payload, to);
      n = to;
    }
    if (pending) events += await pending;
    options.onProgress?.(n, options.initiatives, events, done);
  } finally {
    client.release();
  }

  for (const closing of ref.closings) {
    await store.appendToStream(closing.stream, closing.events.map((e) => envelope(e, closing.actor, closing.at, 'closeMovement')), { expectedVersion: 2 }).catch((error: unknown) => {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    });
  }
  // The planner's statistics after a bulk load (autovacuum may be off, or not yet round).
  await pool.query('ANALYZE es_events');
  return { initiatives: Math.max(done, options.initiatives), events, seconds: (Date.now() - started) / 1000 };
}

async function progress(pool: Pool): Promise<number | undefined> {
  const { rows } = await pool.query<{ initiatives: string }>(`SELECT initiatives FROM ${PROGRESS_TABLE}`);
  return rows.length === 0 ? undefined : Number(rows[0].initiatives);
}
