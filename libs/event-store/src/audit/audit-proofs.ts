import type { Pool } from 'pg';
import { consistencyRanges, foldSubtrees, inclusionRanges, leafHash, perfectSubtrees, type LeafRange } from './merkle';

export interface Checkpoint {
  treeSize: number;
  /** Base64 of the Merkle root, as in the note. */
  rootHash: string;
  /** Global position of the last event the checkpoint covers. */
  position: string;
  /** The signed note (C2SP format), byte for byte as signed and exported to the witnesses. */
  note: string;
  createdAt: string;
}

export interface InclusionProof {
  eventId: string;
  /** Hex SHA-256 chain hash of the event: the leaf is SHA-256(0x00 || this). */
  eventHash: string;
  leafIndex: number;
  treeSize: number;
  /** Base64 hashes, from the leaf's sibling up to the root's (RFC 9162 2.1.3). */
  path: string[];
  checkpoint: Checkpoint;
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  /** Base64 hashes (RFC 9162 2.1.4). */
  proof: string[];
  from: Checkpoint;
  to: Checkpoint;
}

export class CheckpointNotFound extends Error {
  readonly code = 'CHECKPOINT_NOT_FOUND';
}

export class EventNotSealed extends Error {
  readonly code = 'EVENT_NOT_SEALED';
}

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  position: string;
  note: string;
  created_at: Date;
}

const CHECKPOINT_COLUMNS = 'tree_size, root_hash, position, note, created_at';

/**
 * Checkpoints and proofs from the sealer's tables. A proof is only as good as its verification:
 * the client checks it against a checkpoint whose signature it verified with the log's public key.
 */
export class AuditProofs {
  constructor(private readonly pool: Pool) {}

  async latestCheckpoint(): Promise<Checkpoint | null> {
    return this.oneCheckpoint(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1`, []);
  }

  async checkpoint(size: number): Promise<Checkpoint | null> {
    return this.oneCheckpoint(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE tree_size = $1`, [size]);
  }

  /** The first checkpoint that covers the event at this global position (null until one does). */
  async checkpointCovering(position: string): Promise<Checkpoint | null> {
    return this.oneCheckpoint(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE position >= $1 ORDER BY tree_size LIMIT 1`, [position]);
  }

  /** Inclusion proof of an event in the checkpoint of `size` (default: the latest). */
  async inclusionProof(eventId: string, size?: number): Promise<InclusionProof> {
    const { rows } = await this.pool.query<{ leaf_index: string; event_hash: Buffer }>('SELECT leaf_index, event_hash FROM audit_leaves WHERE event_id = $1', [eventId]);
    const leaf = rows[0];
    if (!leaf) throw new EventNotSealed(`event ${eventId} is not in the audit tree (yet)`);
    const index = Number(leaf.leaf_index);
    const checkpoint = size === undefined ? await this.latestCheckpoint() : await this.checkpoint(size);
    if (!checkpoint) throw new CheckpointNotFound(size === undefined ? 'no checkpoint yet' : `no checkpoint of size ${size}`);
    if (index >= checkpoint.treeSize) throw new EventNotSealed(`event ${eventId} is not covered by the checkpoint of size ${checkpoint.treeSize} yet`);
    const path = await this.rangeHashes(inclusionRanges(index, checkpoint.treeSize));
    return { eventId, eventHash: leaf.event_hash.toString('hex'), leafIndex: index, treeSize: checkpoint.treeSize, path: path.map(b64), checkpoint };
  }

  /** Consistency proof between two checkpoints (from ≤ to). */
  async consistencyProof(fromSize: number, toSize: number): Promise<ConsistencyProof> {
    const [from, to] = await Promise.all([this.checkpoint(fromSize), this.checkpoint(toSize)]);
    if (!from) throw new CheckpointNotFound(`no checkpoint of size ${fromSize}`);
    if (!to) throw new CheckpointNotFound(`no checkpoint of size ${toSize}`);
    const proof = fromSize > 0 && fromSize < toSize ? await this.rangeHashes(consistencyRanges(fromSize, toSize)) : [];
    return { fromSize, toSize, proof: proof.map(b64), from, to };
  }

  /** MTH of each range, from the stored complete subtrees, in one query. */
  private async rangeHashes(ranges: LeafRange[]): Promise<Buffer[]> {
    const decomposed = ranges.map(perfectSubtrees);
    const wanted = decomposed.flat();
    const levels = wanted.map((s) => s.level);
    const indexes = wanted.map((s) => s.index);
    const { rows } = await this.pool.query<{ level: number; node_index: string; hash: Buffer }>(
      `SELECT w.level::int AS level, w.node_index::text AS node_index,
              CASE WHEN w.level = 0 THEN l.event_hash ELSE n.hash END AS hash
         FROM unnest($1::smallint[], $2::bigint[]) AS w(level, node_index)
         LEFT JOIN audit_nodes n ON w.level > 0 AND n.level = w.level AND n.node_index = w.node_index
         LEFT JOIN audit_leaves l ON w.level = 0 AND l.leaf_index = w.node_index`,
      [levels, indexes],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${r.node_index}`, r.level === 0 && r.hash ? leafHash(r.hash) : r.hash]));
    return decomposed.map((subtrees) =>
      foldSubtrees(
        subtrees.map((s) => {
          const hash = found.get(`${s.level}/${s.index}`);
          if (!hash) throw new Error(`audit tree: subtree ${s.level}/${s.index} missing`);
          return hash;
        }),
      ),
    );
  }

  private async oneCheckpoint(sql: string, values: unknown[]): Promise<Checkpoint | null> {
    const { rows } = await this.pool.query<CheckpointRow>(sql, values);
    const row = rows[0];
    if (!row) return null;
    return { treeSize: Number(row.tree_size), rootHash: b64(row.root_hash), position: row.position, note: row.note, createdAt: row.created_at.toISOString() };
  }
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64');
}
