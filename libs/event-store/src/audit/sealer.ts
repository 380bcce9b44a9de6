import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { START, type Position } from '../position';
import { AdvisoryLease } from '../postgres/advisory-lease';
import { backfillHashChains } from '../postgres/hash-backfill';
import { migrateAuditStore } from './audit-schema';
import { leafHash, MerkleFrontier } from './merkle';
import { checkpointText, ed25519PrivateKey, signNote } from './note';

export interface SealerSettings {
  /** Log origin: the first line of every checkpoint and the signature's key name. */
  origin: string;
  /** Ed25519 seed (AUDIT_SIGNING_KEY). */
  signingKey: Buffer;
  /** A checkpoint after this many new events… */
  everyEvents: number;
  /** …or this long after the first event not yet in a checkpoint. */
  intervalMs: number;
  /** Each checkpoint is also written here as `<size>.checkpoint` (AUDIT_WITNESS_DIR). */
  witnessDir?: string;
  /** …and POSTed here as text/plain (AUDIT_WITNESS_WEBHOOK_URL). */
  witnessUrl?: string;
  batchSize?: number;
  idleMs?: number;
  leaseRetryMs?: number;
  onError?: (error: unknown) => void;
  onCheckpoint?: (size: number, note: string) => void;
}

/**
 * Builds the Merkle tree over the events in global order and appends signed checkpoints.
 *
 * One sealer works at a time per log (schema), under the lease every leased runner uses
 * (AdvisoryLease: a session advisory lock on a connection of its own, all the work on that
 * session); another process takes over within leaseRetryMs when the holder stops or its connection
 * drops, from the last committed size. Leaves, nodes, state and checkpoint commit in one transaction.
 */
export class AuditSealer {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private frontier: MerkleFrontier | undefined;
  private position: Position = START;
  private checkpointSize = 0;
  private firstUnsealedAt: number | undefined;
  private readonly privateKey;
  private lease: AdvisoryLease | undefined;
  /** Whether this sealer holds the lease (and works) now. */
  leased = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly settings: SealerSettings,
  ) {
    this.privateKey = ed25519PrivateKey(settings.signingKey);
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** The tree's size once this sealer holds the lease. */
  get size(): number {
    return this.frontier?.size ?? 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        // One sealer per log: the log is the schema's es_events.
        this.lease ??= new AdvisoryLease(this.pool, `laurel-audit-sealer:${await this.schema()}`, {
          // Out of any pause at once, to find the lease gone.
          onLost: (error) => {
            this.settings.onError?.(error);
            this.wake?.();
          },
        });
        if (await this.lease.acquire()) {
          this.leased = true;
          try {
            await this.work(this.lease.client);
          } finally {
            this.leased = false;
            this.frontier = undefined;
            await this.lease.release();
          }
        }
      } catch (error) {
        // The lease's connection failed (it is gone, with the lock) or PostgreSQL cannot be reached.
        this.settings.onError?.(error);
      }
      if (!this.stopped) await this.pause(this.settings.leaseRetryMs ?? 1000);
    }
  }

  private async schema(): Promise<string> {
    const { rows } = await this.pool.query<{ schema: string }>('SELECT current_schema() AS schema');
    return rows[0].schema;
  }

  private async work(db: PoolClient): Promise<void> {
    await migrateAuditStore(this.pool);
    await this.load(db);
    while (!this.stopped && this.lease?.held) {
      const page = await this.store.readAll({ after: this.position, batchSize: this.settings.batchSize ?? Math.min(5000, this.settings.everyEvents) });
      if (page.events.some((e) => e.hash === undefined)) {
        // Appended by a process older than the hash chains, or not yet back-filled: hash them first.
        await backfillHashChains(this.pool);
        continue;
      }
      if (page.events.length > 0) {
        this.firstUnsealedAt ??= Date.now();
        await this.seal(db, page.events);
      }
      await this.maybeCheckpoint(db);
      if (page.isEnd) await this.pause(this.settings.idleMs ?? 200);
    }
  }

  private async load(db: PoolClient): Promise<void> {
    const { rows } = await db.query<{ tree_size: string; position: string }>('SELECT tree_size, position FROM audit_sealer WHERE id = 1');
    const size = Number(rows[0]?.tree_size ?? 0);
    this.position = (rows[0]?.position ?? START) as Position;
    const ids = MerkleFrontier.subtreesOf(size);
    const hashes: (Buffer | undefined)[] = [];
    for (const { level, index } of ids) {
      const { rows: found } =
        level === 0
          ? await db.query<{ hash: Buffer }>('SELECT event_hash AS hash FROM audit_leaves WHERE leaf_index = $1', [index])
          : await db.query<{ hash: Buffer }>('SELECT hash FROM audit_nodes WHERE level = $1 AND node_index = $2', [level, index]);
      if (!found[0]) throw new Error(`audit tree: subtree ${level}/${index} missing`);
      // Level 0 of the frontier holds the leaf hash, not the event hash.
      hashes[level] = level === 0 ? leafHash(found[0].hash) : found[0].hash;
    }
    this.frontier = new MerkleFrontier(size, hashes);
    const { rows: last } = await db.query<{ size: string | null }>('SELECT max(tree_size)::text AS size FROM audit_checkpoints');
    this.checkpointSize = Number(last[0]?.size ?? 0);
    this.firstUnsealedAt = size > this.checkpointSize ? Date.now() : undefined;
  }

  private async seal(db: PoolClient, events: RecordedEvent[]): Promise<void> {
    const frontier = this.requireFrontier();
    const start = frontier.size;
    const working = frontier.clone();
    const levels: number[] = [];
    const indexes: number[] = [];
    const nodes: Buffer[] = [];
    for (const e of events) {
      working.append(Buffer.from(e.hash as string, 'hex'), (level, index, hash) => {
        levels.push(level);
        indexes.push(index);
        nodes.push(hash);
      });
    }
    const last = events[events.length - 1].position;
    await transaction(db, async () => {
      await db.query(
        `INSERT INTO audit_leaves (leaf_index, event_id, stream_name, stream_version, event_hash, position)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::bytea[], $6::text[])`,
        [
          events.map((_, i) => start + i),
          events.map((e) => e.eventId),
          events.map((e) => e.streamName),
          events.map((e) => e.streamVersion),
          events.map((e) => Buffer.from(e.hash as string, 'hex')),
          events.map((e) => e.position),
        ],
      );
      if (nodes.length > 0) {
        await db.query('INSERT INTO audit_nodes (level, node_index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [levels, indexes, nodes]);
      }
      await db.query(
        `INSERT INTO audit_sealer (id, tree_size, position) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET tree_size = EXCLUDED.tree_size, position = EXCLUDED.position`,
        [working.size, last],
      );
    });
    this.frontier = working;
    this.position = last;
  }

  private async maybeCheckpoint(db: PoolClient): Promise<void> {
    const frontier = this.requireFrontier();
    const pending = frontier.size - this.checkpointSize;
    if (pending <= 0) return;
    const due = pending >= this.settings.everyEvents || Date.now() - (this.firstUnsealedAt ?? Date.now()) >= this.settings.intervalMs;
    if (!due) return;
    const root = frontier.root();
    const text = checkpointText({ origin: this.settings.origin, size: frontier.size, root, position: this.position });
    const note = signNote(text, this.settings.origin, this.privateKey);
    await db.query('INSERT INTO audit_checkpoints (tree_size, root_hash, position, note) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      frontier.size,
      root,
      this.position,
      note,
    ]);
    this.checkpointSize = frontier.size;
    this.firstUnsealedAt = undefined;
    this.settings.onCheckpoint?.(frontier.size, note);
    await this.export(frontier.size, note);
  }

  /** Outside the database: a witness directory and/or a receiver; a failure is reported, never fatal. */
  private async export(size: number, note: string): Promise<void> {
    if (this.settings.witnessDir) {
      try {
        fs.mkdirSync(this.settings.witnessDir, { recursive: true });
        fs.writeFileSync(path.join(this.settings.witnessDir, `${String(size).padStart(12, '0')}.checkpoint`), note);
      } catch (error) {
        this.settings.onError?.(error);
      }
    }
    if (this.settings.witnessUrl) {
      try {
        const response = await fetch(this.settings.witnessUrl, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: note, signal: AbortSignal.timeout(5000) });
        if (!response.ok) throw new Error(`witness webhook answered ${response.status}`);
      } catch (error) {
        this.settings.onError?.(error);
      }
    }
  }

  private requireFrontier(): MerkleFrontier {
    if (!this.frontier) throw new Error('audit sealer: no lease');
    return this.frontier;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

async function transaction(db: PoolClient, work: () => Promise<void>): Promise<void> {
  await db.query('BEGIN');
  try {
    await work();
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
