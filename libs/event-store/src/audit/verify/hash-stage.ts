import { hash as digest } from 'node:crypto';
import { TreeBuilder, type Tree } from './tree-builder';

/**
 * The second stage of the one-range fast pass: the SHA-256 work. The first stage (RangeChecker)
 * decodes each COPY row, checks its version and writes its canonical encoding; it hands this stage,
 * in global order, one record per event:
 *
 * - LEAF:  kind, stored hash (32 bytes) — a leaf of the tree, no chain hash to recompute;
 * - CHECK: kind, length (uint32, big-endian), message (previous hash ‖ canonical event), stored
 *   hash (32) — the chain hash is recomputed from the message and compared, then it is a leaf.
 *
 * Run on a thread of its own (hash-worker.ts) it takes a third of the fast pass's CPU off the
 * decoding thread (docs/tamper-evidence.md §4, "Speed"); run inline it is the same code in the same
 * order, for tests and uncompiled runs.
 */
export const LEAF = 0;
export const CHECK = 1;

export interface StageResult {
  tree: Tree;
  /** The first chain hash that did not match, or null. */
  failure: string | null;
}

export class HashStage {
  private readonly tree: TreeBuilder;
  private index: number;
  private failure: string | null = null;

  constructor(start: number, sizes: readonly number[]) {
    this.tree = new TreeBuilder(start, sizes);
    this.index = start;
  }

  /** The records in chunk[0, length). */
  take(chunk: Uint8Array, length: number): void {
    const tree = this.tree;
    let at = 0;
    while (at < length) {
      const kind = chunk[at];
      if (kind === LEAF) {
        tree.leaf(chunk, at + 1);
        at += 33;
      } else if (kind === CHECK) {
        const size = ((chunk[at + 1] << 24) | (chunk[at + 2] << 16) | (chunk[at + 3] << 8) | chunk[at + 4]) >>> 0;
        const message = at + 5;
        const stored = message + size;
        if (this.failure === null) {
          const computed = digest('sha256', chunk.subarray(message, stored), 'buffer') as unknown as Buffer;
          if (computed.compare(chunk, stored, stored + 32) !== 0) this.failure = `leaf ${this.index}: the stored event does not match its hash`;
        }
        tree.leaf(chunk, stored);
        at = stored + 32;
      } else throw new Error(`hash stage: unknown record kind ${kind} at ${at}`);
      this.index++;
    }
  }

  finish(): StageResult {
    return { tree: this.tree.finish(), failure: this.failure };
  }
}
