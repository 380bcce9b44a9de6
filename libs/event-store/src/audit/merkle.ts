import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, over the events' hashes
 * in global order: leaf = SHA-256(0x00 || event hash), node = SHA-256(0x01 || left || right).
 * A range [a, b) of leaves has hash MTH(D[a:b]); here a range is always the left part aligned to
 * the largest power of two below its size, as in the RFC's recursion.
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(eventHash: Buffer): Buffer {
  return createHash('sha256').update(LEAF).update(eventHash).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The largest power of two strictly below n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A range of leaves [start, end). */
export interface LeafRange {
  start: number;
  end: number;
}

/** RFC 9162 2.1.3.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof of leaf m in a tree of size n. */
export function inclusionRanges(m: number, n: number): LeafRange[] {
  const path: LeafRange[] = [];
  walkPath(m, 0, n, path);
  return path;
}

function walkPath(m: number, a: number, b: number, out: LeafRange[]): void {
  const n = b - a;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m - a < k) {
    walkPath(m, a, a + k, out);
    out.push({ start: a + k, end: b });
  } else {
    walkPath(m, a + k, b, out);
    out.push({ start: a, end: a + k });
  }
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]): the ranges whose hashes prove a tree of size n extends the one of size m (0 < m < n). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  const proof: LeafRange[] = [];
  subproof(m, 0, n, true, proof);
  return proof;
}

function subproof(m: number, a: number, b: number, complete: boolean, out: LeafRange[]): void {
  const n = b - a;
  if (m === n) {
    if (!complete) out.push({ start: a, end: b });
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, a, a + k, complete, out);
    out.push({ start: a + k, end: b });
  } else {
    subproof(m - k, a + k, b, false, out);
    out.push({ start: a, end: a + k });
  }
}

/** A perfect subtree: 2^level leaves starting at index × 2^level. Level 0 is a leaf. */
export interface SubtreeId {
  level: number;
  index: number;
}

/** A range as its perfect subtrees, largest (leftmost) first: its hash folds them from the right. */
export function perfectSubtrees(range: LeafRange): SubtreeId[] {
  const out: SubtreeId[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  while (remaining > 0) {
    let level = 0;
    while (2 ** (level + 1) <= remaining && start % 2 ** (level + 1) === 0) level++;
    out.push({ level, index: start / 2 ** level });
    start += 2 ** level;
    remaining -= 2 ** level;
  }
  return out;
}

/** Folds perfect subtree hashes (leftmost first) into the hash of their range. */
export function foldSubtrees(hashes: readonly Buffer[]): Buffer {
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}

/**
 * The right edge of a growing tree: for each set bit l of the size, the hash of the perfect
 * subtree of 2^l leaves there. Appending a leaf merges equal-sized subtrees, as a binary counter
 * carries; the nodes completed on the way are returned so they can be stored for proofs.
 */
export class MerkleFrontier {
  constructor(
    public size: number,
    /** frontier[l]: set exactly when bit l of size is set. */
    private readonly frontier: (Buffer | undefined)[] = [],
  ) {}

  append(eventHash: Buffer, completed: (level: number, index: number, hash: Buffer) => void): void {
    let node = leafHash(eventHash);
    let index = this.size;
    let level = 0;
    while (index % 2 === 1) {
      node = nodeHash(this.frontier[level] as Buffer, node);
      this.frontier[level] = undefined;
      index = (index - 1) / 2;
      level++;
      completed(level, index, node);
    }
    this.frontier[level] = node;
    this.size++;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.size, [...this.frontier]);
  }

  /** MTH of all leaves so far; the empty tree's hash is SHA-256 of nothing. */
  root(): Buffer {
    const present = this.frontier.map((h, level) => ({ h, level })).filter((x) => x.h !== undefined).reverse();
    if (present.length === 0) return createHash('sha256').digest();
    return foldSubtrees(present.map((x) => x.h as Buffer));
  }

  /** The subtrees the frontier of a tree of this size consists of, to reload it from storage. */
  static subtreesOf(size: number): SubtreeId[] {
    const out: SubtreeId[] = [];
    for (let level = 0; 2 ** level <= size; level++) {
      if (Math.floor(size / 2 ** level) % 2 === 1) out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
    }
    return out;
  }
}
