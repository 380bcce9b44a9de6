import { hash as digest } from 'node:crypto';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientConfig, Pool, PoolClient } from 'pg';
import type { ParsedNote } from '../note';
import { DatabaseLogSource } from './database-source';
import { checkRange } from './range-read';
import type { RangeOutcome, RangeSpec, Subtrees } from './range-check';
import type { VerifyReport } from './types';
import { checkNotes, verifyLog, type VerifyOptions } from './verifier';

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
  /** Ranges, each on its own connection and thread; default: the machine's cores. 1: one pass on one connection. */
  workers?: number;
  /** No range smaller than this (a small log is read in one). Default 20,000 events. */
  minRangeEvents?: number;
  /**
   * Where the ranges after the first run: 'threads' (worker threads, compiled build only), 'connections'
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
  const source = DatabaseLogSource.onClient(db);
  const total = await source.count();
  const notes = checkNotes(await source.checkpoints(), total, options);
  let mode = pool ? (options.mode ?? (COMPILED ? 'threads' : 'connections')) : 'sequential';
  const connection = mode === 'threads' && pool ? plainConfig(pool) : undefined;
  if (mode === 'threads' && !connection) mode = 'connections';
  const wanted = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const count = Math.max(1, Math.min(wanted, Math.floor(total / (options.minRangeEvents ?? 20_000))));

  let clean = false;
  let streams = 0;
  // Nothing to gain from the fast pass when the checkpoints already show a problem.
  if (notes.problems.length === 0 && notes.sizes.every((s) => s <= total)) {
    const ranges = await planRanges(db, total, count, notes.sizes);
    const done = ranges.map(() => 0);
    const progress = (i: number) => (checked: number) => {
      done[i] = checked;
      options.onProgress?.(
        done.reduce((a, b) => a + b, 0),
        total,
      );
    };
    let outcomes: RangeOutcome[];
    if (mode === 'sequential' || ranges.length === 1) {
      outcomes = [];
      for (const [i, range] of ranges.entries()) outcomes.push(await checkRange(db, range, progress(i)));
    } else {
      const snapshot = await exportSnapshot(db);
      outcomes = await Promise.all(
        ranges.map((range, i) =>
          i === 0
            ? checkRange(db, range, progress(i))
            : mode === 'threads'
              ? inThread(connection as ClientConfig, snapshot, range, progress(i))
              : onConnection(pool as Pool, snapshot, range, progress(i)),
        ),
      );
    }
    const joined = join(outcomes, notes.stored, notes.witnessed, total);
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

/** `count` ranges of about total / count events: their bounds read from the global order's index. */
async function planRanges(db: PoolClient, total: number, count: number, sizes: number[]): Promise<RangeSpec[]> {
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
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    return await checkRange(client, range, onProgress);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

function inThread(connection: ClientConfig, snapshot: string, range: RangeSpec, onProgress: (checked: number) => void): Promise<RangeOutcome> {
  return new Promise<RangeOutcome>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'range-worker.js'), { workerData: { connection, snapshot, range } });
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

/**
 * Joins the ranges in global order: each stream's first event in a range must follow its last one
 * before (and a deferred first event must hash onto it); the root at every checkpoint size is
 * folded from the subtrees of the ranges before it and of its own range up to that size.
 */
function join(outcomes: RangeOutcome[], stored: Map<number, { parsed: ParsedNote | undefined }>, witnessed: Map<number, { parsed: ParsedNote | undefined }>, total: number): { clean: boolean; streams: number } {
  const chains = new Map<string, { version: number; hash: Buffer }>();
  let prefix: Block[] = [];
  let events = 0;
  let snapshots = 0;
  const input = Buffer.alloc(32 + 64 * 1024);
  for (const r of outcomes) {
    if (r.failure !== null) return { clean: false, streams: 0 };
    events += r.count;
    const lastHashes = Buffer.from(r.lastHashes.buffer, r.lastHashes.byteOffset, r.lastHashes.byteLength);
    const deferredBytes = Buffer.from(r.deferredBytes.buffer, r.deferredBytes.byteOffset, r.deferredBytes.byteLength);
    const deferredHashes = Buffer.from(r.deferredHashes.buffer, r.deferredHashes.byteOffset, r.deferredHashes.byteLength);
    for (let i = 0; i < r.names.length; i++) {
      const before = chains.get(r.names[i]);
      if (r.first[i] !== (before?.version ?? 0) + 1) return { clean: false, streams: 0 };
      const d = r.deferredOf[i];
      if (d >= 0) {
        const length = r.deferredLengths[d];
        const buffer = 32 + length > input.length ? Buffer.alloc(32 + length) : input;
        (before as { hash: Buffer }).hash.copy(buffer, 0);
        deferredBytes.copy(buffer, 32, r.deferredOffsets[d], r.deferredOffsets[d] + length);
        const computed = digest('sha256', buffer.subarray(0, 32 + length), 'buffer') as unknown as Buffer;
        if (computed.compare(deferredHashes, 32 * d, 32 * d + 32) !== 0) return { clean: false, streams: 0 };
      }
      chains.set(r.names[i], { version: r.last[i], hash: lastHashes.subarray(32 * i, 32 * i + 32) });
    }
    for (const snapshot of r.snapshots) {
      snapshots++;
      const root = rootOf(merge(prefix, snapshot));
      for (const note of [stored.get(snapshot.at), witnessed.get(snapshot.at)]) {
        if (note && !(note.parsed as ParsedNote).body.root.equals(root)) return { clean: false, streams: 0 };
      }
    }
    prefix = merge(prefix, r.end);
  }
  const sizes = new Set([...stored.keys(), ...witnessed.keys()].filter((s) => s > 0));
  return { clean: events === total && snapshots === sizes.size, streams: chains.size };
}

interface Block {
  level: number;
  index: number;
  hash: Buffer;
}

const nodeInput = Buffer.alloc(65);
nodeInput[0] = 1;

function node(left: Buffer, right: Buffer): Buffer {
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return digest('sha256', nodeInput, 'buffer') as unknown as Buffer;
}

/** The blocks before, then these subtrees, with siblings merged: the complete subtrees of the whole prefix, largest first. */
function merge(prefix: readonly Block[], subtrees: Subtrees): Block[] {
  const stack = [...prefix];
  const hashes = Buffer.from(subtrees.hashes.buffer, subtrees.hashes.byteOffset, subtrees.hashes.byteLength);
  for (let i = 0; i < subtrees.levels.length; i++) {
    let block: Block = { level: subtrees.levels[i], index: subtrees.indexes[i], hash: hashes.subarray(32 * i, 32 * i + 32) };
    for (;;) {
      const left = stack[stack.length - 1];
      if (!left || left.level !== block.level || block.index % 2 !== 1 || left.index !== block.index - 1) break;
      stack.pop();
      block = { level: block.level + 1, index: left.index / 2, hash: node(left.hash, block.hash) };
    }
    stack.push(block);
  }
  return stack;
}

/** RFC 9162 MTH from the complete subtrees, largest first: folded from the right. */
function rootOf(stack: readonly Block[]): Buffer {
  if (stack.length === 0) return digest('sha256', Buffer.alloc(0), 'buffer') as unknown as Buffer;
  let root = stack[stack.length - 1].hash;
  for (let i = stack.length - 2; i >= 0; i--) root = node(stack[i].hash, root);
  return root;
}
