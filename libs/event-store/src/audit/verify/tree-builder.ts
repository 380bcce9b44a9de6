import { leafInto, nodeInto } from './tree-hash';

/** Complete subtrees of the tree over [start, at): level, index within level, hash. */
export interface Subtrees {
  at: number;
  levels: number[];
  indexes: number[];
  hashes: Uint8Array;
}

export interface Tree {
  /** The subtrees at each checkpoint size in the range, and at its end. */
  snapshots: Subtrees[];
  end: Subtrees;
}

/**
 * The RFC 9162 tree over one range of leaves (its own code): leaf = SHA-256(0x00 ‖ event hash),
 * pushed on a stack of complete subtrees whose siblings within the range are merged (node =
 * SHA-256(0x01 ‖ left ‖ right)). Kept at each checkpoint size, for the join to fold the roots.
 */
export class TreeBuilder {
  // At most one subtree per level.
  private readonly levels = new Float64Array(64);
  private readonly indexes = new Float64Array(64);
  private readonly hashes = Buffer.alloc(64 * 32);
  private depth = 0;
  private next: number;
  private sizeAt = 0;
  private readonly snapshots: Subtrees[] = [];

  constructor(
    start: number,
    /** Checkpoint sizes after `start`, ascending. */
    private readonly sizes: readonly number[],
  ) {
    this.next = start;
  }

  /** The next leaf, from the event hash at hash[at, at + 32). */
  leaf(eventHash: Uint8Array, at: number): void {
    const index = this.next++;
    const levels = this.levels;
    const indexes = this.indexes;
    const hashes = this.hashes;
    let d = this.depth;
    leafInto(eventHash, at, hashes, 32 * d);
    let level = 0;
    let position = index;
    while ((position & 1) === 1 && d > 0 && levels[d - 1] === level && indexes[d - 1] === position - 1) {
      nodeInto(hashes, 32 * (d - 1), hashes, 32 * d, hashes, 32 * (d - 1));
      d--;
      level++;
      position = (position - 1) / 2;
    }
    levels[d] = level;
    indexes[d] = position;
    this.depth = d + 1;
    const sizes = this.sizes;
    while (this.sizeAt < sizes.length && sizes[this.sizeAt] === index + 1) {
      this.snapshots.push(this.subtrees(index + 1));
      this.sizeAt++;
    }
  }

  finish(): Tree {
    return { snapshots: this.snapshots, end: this.subtrees(this.next) };
  }

  private subtrees(at: number): Subtrees {
    const d = this.depth;
    return { at, levels: Array.from(this.levels.subarray(0, d)), indexes: Array.from(this.indexes.subarray(0, d)), hashes: Buffer.from(this.hashes.subarray(0, 32 * d)) };
  }
}
