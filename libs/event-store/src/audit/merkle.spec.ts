import { createHash } from 'node:crypto';
import { consistencyRanges, foldSubtrees, inclusionRanges, leafHash, MerkleFrontier, perfectSubtrees, type LeafRange } from './merkle';

const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
/** MTH straight from RFC 9162 2.1.1. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const events = Array.from({ length: 70 }, (_, i) => sha(Buffer.from(`event ${i}`)));

describe('the Merkle tree (RFC 9162)', () => {
  it("gives every size the RFC's tree hash, growing one leaf at a time", () => {
    const frontier = new MerkleFrontier(0);
    expect(frontier.root()).toEqual(mth([]));
    for (let n = 1; n <= events.length; n++) {
      frontier.append(events[n - 1], () => undefined);
      expect(frontier.root()).toEqual(mth(events.slice(0, n)));
    }
  });

  it('reports each completed subtree, so proofs can be answered from stored nodes', () => {
    const nodes = new Map<string, Buffer>();
    const frontier = new MerkleFrontier(0);
    for (const e of events) frontier.append(e, (level, index, hash) => nodes.set(`${level}/${index}`, hash));
    const hashOf = (r: LeafRange) => foldSubtrees(perfectSubtrees(r).map((s) => (s.level === 0 ? leafHash(events[s.index]) : (nodes.get(`${s.level}/${s.index}`) as Buffer))));
    for (const [a, b] of [[0, 64], [64, 70], [32, 48], [0, 70], [66, 67]]) expect(hashOf({ start: a, end: b })).toEqual(mth(events.slice(a, b)));
    // Inclusion: the ranges of the path are the RFC's, leaf's sibling first.
    expect(inclusionRanges(0, 7)).toEqual([{ start: 1, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 7 }]);
    expect(consistencyRanges(3, 7)).toEqual([{ start: 2, end: 3 }, { start: 3, end: 4 }, { start: 0, end: 2 }, { start: 4, end: 7 }]);
  });

  it('reloads its right edge from the subtrees of its size', () => {
    expect(MerkleFrontier.subtreesOf(6)).toEqual([{ level: 1, index: 2 }, { level: 2, index: 0 }]);
    expect(MerkleFrontier.subtreesOf(0)).toEqual([]);
  });
});
