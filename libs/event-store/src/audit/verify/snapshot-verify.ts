import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ClientConfig, Pool, PoolClient } from 'pg';
import type { ParsedNote } from '../note';
import { DatabaseLogSource } from './database-source';
import { checkRange, UNBOUNDED } from './range-read';
import type { RangeOutcome, RangeSpec } from './range-check';
import { joinRanges } from './range-join';
import { threadScript } from './thread-script';
import type { VerifyReport } from './types';
import { checkNotes, verifyLog, type NotesCheck, type VerifyOptions } from './verifier';

/**
 * The database verification (docs/tamper-evidence.md §4). Two passes over one REPEATABLE READ
 * snapshot:
 *
 * 1. the fast pass: the global order split into ranges of about equal size, each read by a binary
 *    COPY on a connection of its own (the snapshot exported to it) and checked on a thread of its
 *    own (RangeChecker): chains, versions, leaf and subtree hashes. Joined here: the chains across
 *    range boundaries, and the Merkle root at every checkpoint size from the ranges' subtrees.
 *    It only says whether the log is clean;
 * 2. when it is not (or anything about the checkpoints is off), the exact pass (verifyLog) reads
 *    the same snapshot in one sequence and names the first mismatch in global order.
 */
export interface DatabaseVerifyOptions extends VerifyOptions {
  /** Ranges, each on its own connection and thread (1: one on one connection); default: defaultRanges(). */
  workers?: number;
  /** No range smaller than this (a small log is read in one). Default 20,000 events. */
  minRangeEvents?: number;
  /**
   * Where the ranges after the first run: 'threads' (worker threads), 'connections'
   * (other connections, this thread), 'sequential' (one after the other on the verification's own
   * connection: sees that transaction's own changes, for tests). Default: threads when compiled.
   */
  mode?: 'threads' | 'connections' | 'sequential';
}

export interface SnapshotReport extends VerifyReport {
  /** How many ranges the fast pass read at once; whether the exact pass ran (a mismatch was found). */
  ranges: number;
  exactPass: boolean;
}

const COMPILED = __filename.endsWith('.js');

/** Verifies what `db` sees: it must be in a REPEATABLE READ transaction (the caller ends it). `pool`: for the other ranges' connections. */
export async function verifySnapshot(db: PoolClient, options: DatabaseVerifyOptions, pool?: Pool): Promise<SnapshotReport> {
  const started = process.hrtime.bigint();
  await db.query(UNBOUNDED);
  const source = DatabaseLogSource.onClient(db);
  const stored = await source.checkpoints();
  let mode = pool ? (options.mode ?? (COMPILED ? 'threads' : 'connections')) : 'sequential';
  const connection = mode === 'threads' && pool ? plainConfig(pool) : undefined;
  if (mode === 'threads' && !connection) mode = 'connections';
  const wanted = Math.max(1, Math.floor(options.workers ?? defaultRanges(pool)));

  let total: number;
  let notes: NotesCheck;
  let count = 1;
  let outcomes: RangeOutcome[] | undefined;
  if (wanted === 1) {
    // One range: the COPY itself counts the events (a size the log does not reach fails the join).
    notes = checkNotes(stored, Number.MAX_SAFE_INTEGER, options);
    total = -1;
    if (notes.problems.length === 0) {
      const estimate = await estimatedEvents(db);
      const outcome = await checkRange(db, { start: 0, count: -1, sizes: notes.sizes }, (checked) => options.onProgress?.(checked, Math.max(checked, estimate)));
      total = outcome.count;
      outcomes = [outcome];
    }
  } else {
    total = await source.count();
    notes = checkNotes(stored, total, options);
    count = Math.max(1, Math.min(wanted, Math.floor(total / (options.minRangeEvents ?? 20_000))));
    // Nothing to gain from the fast pass when the checkpoints already show a problem.
    if (notes.problems.length === 0 && notes.sizes.every((s) => s <= total)) outcomes = await readRanges(db, pool, mode, connection, total, count, notes.sizes, options);
  }

  let clean = false;
  let streams = 0;
  if (outcomes) {
    const roots = new Map<number, Buffer[]>();
    for (const [size, note] of [...notes.stored, ...notes.witnessed]) roots.set(size, [...(roots.get(size) ?? []), (note.parsed as ParsedNote).body.root]);
    const joined = joinRanges(outcomes, roots, total);
    clean = joined.clean;
    streams = joined.streams;
  }

  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  if (clean) {
    const seconds = elapsed();
    return {
      ok: true,
      eventsChecked: total,
      streams,
      checkpointsChecked: notes.stored.size,
      witnessCopiesChecked: notes.witnessed.size,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(total / seconds) : total,
      problems: 0,
      ranges: count,
      exactPass: false,
    };
  }
  const exact = await verifyLog(DatabaseLogSource.onClient(db), options);
  const seconds = elapsed();
  return { ...exact, seconds, eventsPerSecond: seconds > 0 ? Math.round(exact.eventsChecked / seconds) : exact.eventsChecked, ranges: count, exactPass: true };
}

/** The fast pass's ranges, read at once (or one after the other on `db` in 'sequential' mode). */
async function readRanges(db: PoolClient, pool: Pool | undefined, mode: string, connection: ClientConfig | undefined, total: number, count: number, sizes: number[], options: DatabaseVerifyOptions): Promise<RangeOutcome[]> {
  const ranges = await planRanges(db, total, count, sizes);
  const done = ranges.map(() => 0);
  const progress = (i: number) => (checked: number) => {
    done[i] = checked;
    options.onProgress?.(done.reduce((a, b) => a + b, 0), total);
  };
  if (mode === 'sequential' || ranges.length === 1) {
    const outcomes: RangeOutcome[] = [];
    for (const [i, range] of ranges.entries()) outcomes.push(await checkRange(db, range, progress(i)));
    return outcomes;
  }
  const snapshot = await exportSnapshot(db);
  return Promise.all(
    ranges.map((range, i) =>
      i === 0
        ? checkRange(db, range, progress(i))
        : mode === 'threads'
          ? inThread(connection as ClientConfig, snapshot, range, progress(i))
          : onConnection(pool as Pool, snapshot, range, progress(i)),
    ),
  );
}

/** For the progress bar: PostgreSQL's estimate of the table's rows (0 before it has one). */
async function estimatedEvents(db: PoolClient): Promise<number> {
  const { rows } = await db.query<{ n: string | null }>(`SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'es_events'::regclass`);
  return Math.max(0, Number(rows[0]?.n ?? 0));
}

/**
 * How many ranges to read at once: one per core — or, when PostgreSQL runs on this machine, one per
 * two cores, as each range keeps a core busy in the verifier and about one more in PostgreSQL writing
 * its rows (measured on a 2-core machine: one range was faster than two; docs/tamper-evidence.md).
 */
export function defaultRanges(pool?: Pool): number {
  const cores = availableParallelism();
  return pool && databaseIsLocal(pool) ? Math.max(1, Math.floor(cores / 2)) : cores;
}

function databaseIsLocal(pool: Pool): boolean {
  const options = (pool as unknown as { options: { host?: string; connectionString?: string } }).options;
  let host = options.host;
  if (!host && options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      host = url.searchParams.get('host') ?? url.hostname;
    } catch {
      return false;
    }
  }
  host = (host || process.env.PGHOST || 'localhost').replace(/^\[|\]$/g, '');
  return host.startsWith('/') || host === 'localhost' || host.startsWith('127.') || host === '::1';
}

/** `count` ranges of about total / count events: their bounds read from the global order's index. */
export async function planRanges(db: PoolClient, total: number, count: number, sizes: number[]): Promise<RangeSpec[]> {
  const starts = Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
  const bounds: ({ tx: string; gp: string } | undefined)[] = [undefined];
  for (const start of starts.slice(1)) {
    const { rows } = await db.query<{ tx: string; gp: string }>('SELECT transaction_id::text AS tx, global_position::text AS gp FROM es_events ORDER BY transaction_id, global_position OFFSET $1 LIMIT 1', [start]);
    bounds.push(rows[0]);
  }
  return starts.map((start, i) => {
    const end = i + 1 < count ? starts[i + 1] : total;
    return { start, count: end - start, sizes: sizes.filter((s) => s > start && s <= end), from: bounds[i], to: bounds[i + 1] };
  });
}

async function exportSnapshot(db: PoolClient): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
  if (!/^[0-9A-Fa-f-]+$/.test(rows[0].id)) throw new Error('unexpected snapshot id');
  return rows[0].id;
}

async function onConnection(pool: Pool, snapshot: string, range: RangeSpec, onProgress: (checked: number) => void): Promise<RangeOutcome> {
  const client = await pool.connect();
  let outcome: RangeOutcome;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    await client.query(UNBOUNDED);
    outcome = await checkRange(client, range, onProgress);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  await client.query('ROLLBACK').catch(() => undefined);
  client.release();
  return outcome;
}

function inThread(connection: ClientConfig, snapshot: string, range: RangeSpec, onProgress: (checked: number) => void): Promise<RangeOutcome> {
  return new Promise<RangeOutcome>((resolve, reject) => {
    const { script, options } = threadScript('range-worker', { connection, snapshot, range });
    const worker = new Worker(script, options);
    let settled = false;
    worker.on('message', (message: { progress?: number; outcome?: RangeOutcome; error?: string }) => {
      if (message.progress !== undefined) onProgress(message.progress);
      if (message.outcome) {
        settled = true;
        resolve(message.outcome);
      }
      if (message.error) {
        settled = true;
        reject(new Error(`verification thread: ${message.error}`));
      }
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`verification thread exited with code ${code}`));
    });
  });
}

/** The pool's connection settings, when a worker thread can take them (no password function, no custom stream). */
function plainConfig(pool: Pool): ClientConfig | undefined {
  const options = (pool as unknown as { options: Record<string, unknown> }).options;
  const config: Record<string, unknown> = {};
  for (const key of ['connectionString', 'host', 'port', 'user', 'database', 'password', 'ssl', 'options', 'application_name', 'keepAlive']) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value === 'function') return undefined;
    config[key] = value;
  }
  if (options.stream !== undefined || options.Client !== undefined) return undefined;
  return config as ClientConfig;
}
