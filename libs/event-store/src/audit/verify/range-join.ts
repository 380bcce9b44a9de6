import { hash as digest } from 'node:crypto';
import type { RangeOutcome, Subtrees } from './range-check';

/**
 * Joins the fast pass's ranges in global order: each stream's first event in a range must follow
 * its last one before (and a deferred first event must hash onto it); the root at every checkpoint
 * size is folded from the subtrees of the ranges before it and of its own range up to that size and
 * must equal each expected root (`roots`: size → the log's and the witnesses' roots).
 */
export function joinRanges(outcomes: readonly RangeOutcome[], roots: ReadonlyMap<number, readonly Buffer[]>, total: number): { clean: boolean; streams: number } {
  const chains = new Map<string, { version: number; hash: Buffer }>();
  let prefix: Block[] = [];
  let events = 0;
  let snapshots = 0;
  const input = Buffer.alloc(32 + 64 * 1024);
  for (const r of outcomes) {
    if (r.failure !== null || r.start !== events) return { clean: false, streams: 0 };
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
      if ((roots.get(snapshot.at) ?? []).some((expected) => !expected.equals(root))) return { clean: false, streams: 0 };
    }
    prefix = merge(prefix, r.end);
  }
  // Every checkpoint size was met in some range (none lies beyond the log's end).
  const sizes = [...roots.keys()].filter((s) => s > 0);
  return { clean: events === total && snapshots === sizes.length, streams: chains.size };
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
