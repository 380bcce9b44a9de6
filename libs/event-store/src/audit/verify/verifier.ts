import { createHash, hash as digest } from 'node:crypto';
import { ChainChecker, where } from './chain-check';
import { noteSignedBy, parseNote, type ParsedNote } from '../note';
import type { LoggedEvent, LogSource, Problem, SealedLeaf, VerifyReport } from './types';

/**
 * The independent verifier (docs/tamper-evidence.md, "Verifying"). It re-reads the whole log,
 * recomputes every stream's hash chain and the Merkle root at every checkpoint size, checks each
 * checkpoint's Ed25519 signature and each witness copy. It shares only the canonical encoding
 * (and the note format) with the code that writes: its own chain, tree and comparison code.
 */
export interface VerifyOptions {
  /** The log's key name (its origin) and Ed25519 public key: the trust anchor. */
  keyName: string;
  publicKey: Buffer;
  /** Checkpoints as the witnesses hold them. */
  witnessNotes?: { name: string; note: string }[];
  onProgress?: (done: number, total: number) => void;
}

const ZERO = Buffer.alloc(32);
const MAX_WINDOW = 500_000;

export interface NoteAt {
  parsed: ParsedNote | undefined;
  source: string;
}

export async function verifyLog(source: LogSource, options: VerifyOptions): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  const total = await source.count();
  const { stored, witnessed, sizes, problems } = checkNotes(await source.checkpoints(), total, options);
  const report = (p: Problem) => problems.push(p);

  // One pass in global order: chains, tree, roots.
  const checker = new ChainChecker();
  const tree: Buffer[] = [];
  let index = 0;
  let nextSize = 0;
  let lastGood = 0;
  let localized = false;
  let window: LoggedEvent[] = [];

  for await (const batch of source.events()) {
    for (const e of batch) {
      checker.check(e, index);

      // The Merkle tree over the stored hashes, as a stack of complete subtrees (largest first).
      let node = leaf(e.hash ?? ZERO);
      for (let n = index; n % 2 === 1; n = (n - 1) / 2) node = parent(tree.pop() as Buffer, node);
      tree.push(node);
      index++;
      // Bounded: a log without checkpoints for ages is still verified, only not localised.
      if (!localized && window.length < MAX_WINDOW) window.push(e);

      while (nextSize < sizes.length && sizes[nextSize] === index) {
        const size = sizes[nextSize++];
        const root = rootOf(tree);
        const mismatched = [stored.get(size), witnessed.get(size)].filter((x) => x && !(x.parsed as ParsedNote).body.root.equals(root)) as NoteAt[];
        if (mismatched.length > 0) {
          report({ kind: 'root_mismatch', checkpointSize: size, detail: `the events up to leaf ${size} do not give the root of the checkpoint of size ${size} (${mismatched.map((m) => m.source).join(', ')})`, at: size - 1 });
          if (!localized) {
            localized = true;
            const named = await localize(source, window, lastGood, size);
            if (named) report(named);
          }
        } else if (!localized) {
          lastGood = size;
          window = [];
        }
      }
    }
    options.onProgress?.(index, total);
  }

  problems.push(...checker.problems);

  // Checkpoints beyond the end: the log lost its tail.
  for (const size of sizes) {
    if (size <= index) continue;
    const n = (stored.get(size) ?? witnessed.get(size)) as NoteAt;
    report({ kind: 'tail_truncated', checkpointSize: size, position: n.parsed?.body.position, leafIndex: index, detail: `the checkpoint of size ${size} (${n.source}) covers ${size - index} event(s) the log no longer has`, at: index });
    break;
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  problems.sort((a, b) => a.at - b.at);
  return {
    ok: problems.length === 0,
    eventsChecked: index,
    streams: checker.streams,
    checkpointsChecked: stored.size,
    witnessCopiesChecked: witnessed.size,
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(index / seconds) : index,
    ...(problems[0] ? { problem: problems[0] } : {}),
    problems: problems.length,
  };
}

export interface NotesCheck {
  /** Checkpoints by size: the log's own, and the witnesses'. */
  stored: Map<number, NoteAt>;
  witnessed: Map<number, NoteAt>;
  /** Every size either holds, ascending. */
  sizes: number[];
  /** Malformed notes, bad signatures, witness copies that differ from the log's or that it lost. */
  problems: Problem[];
}

/** The checks on the checkpoint notes themselves (signatures, witnesses), before any event is read. */
export function checkNotes(notes: readonly string[], total: number, options: Pick<VerifyOptions, 'keyName' | 'publicKey' | 'witnessNotes'>): NotesCheck {
  const problems: Problem[] = [];
  const report = (p: Problem) => problems.push(p);
  // Checkpoints: from the database and from the witnesses, by size.
  const stored = new Map<number, NoteAt>();
  for (const note of notes) {
    const parsed = tryParse(note);
    if (!parsed) {
      report({ kind: 'signature_invalid', detail: 'a checkpoint in the log is not a well-formed signed note', at: Number.MAX_SAFE_INTEGER });
      continue;
    }
    stored.set(parsed.body.size, { parsed, source: 'log' });
  }
  const witnessed = new Map<number, NoteAt>();
  for (const w of options.witnessNotes ?? []) {
    const parsed = tryParse(w.note);
    if (!parsed) {
      report({ kind: 'witness_mismatch', detail: `witness copy ${w.name} is not a well-formed signed note`, at: Number.MAX_SAFE_INTEGER });
      continue;
    }
    witnessed.set(parsed.body.size, { parsed, source: w.name });
  }
  for (const [size, { parsed }] of [...stored, ...witnessed]) {
    const n = parsed as ParsedNote;
    if (n.body.origin !== options.keyName || !noteSignedBy(n, options.keyName, options.publicKey)) {
      const where = stored.get(size)?.parsed === n ? 'in the log' : `witness copy ${witnessed.get(size)?.source}`;
      report({ kind: 'signature_invalid', checkpointSize: size, position: n.body.position, detail: `checkpoint of size ${size} (${where}) has no valid signature by ${options.keyName}`, at: size - 1 });
    }
  }
  for (const [size, w] of witnessed) {
    const s = stored.get(size);
    if (!s) {
      if (size <= total) report({ kind: 'witness_mismatch', checkpointSize: size, detail: `the witness holds a checkpoint of size ${size} the log no longer has (${w.source})`, at: size - 1 });
    } else if (!(s.parsed as ParsedNote).body.root.equals((w.parsed as ParsedNote).body.root)) {
      report({ kind: 'witness_mismatch', checkpointSize: size, detail: `the log's checkpoint of size ${size} differs from the witness copy ${w.source}: two histories`, at: size - 1 });
    }
  }
  const sizes = [...new Set([...stored.keys(), ...witnessed.keys()])].sort((a, b) => a - b);
  return { stored, witnessed, sizes, problems };
}

// One-shot hashing over reused scratch buffers: no hash object per call.
const leafScratch = Buffer.alloc(33);
const nodeScratch = Buffer.alloc(65);
nodeScratch[0] = 1;

function leaf(eventHash: Buffer): Buffer {
  eventHash.copy(leafScratch, 1);
  return digest('sha256', leafScratch, 'buffer') as unknown as Buffer;
}

function parent(left: Buffer, right: Buffer): Buffer {
  left.copy(nodeScratch, 1);
  right.copy(nodeScratch, 33);
  return digest('sha256', nodeScratch, 'buffer') as unknown as Buffer;
}

function rootOf(stack: readonly Buffer[]): Buffer {
  if (stack.length === 0) return createHash('sha256').digest();
  let root = stack[stack.length - 1];
  for (let i = stack.length - 2; i >= 0; i--) root = parent(stack[i], root);
  return root;
}

function tryParse(note: string): ParsedNote | undefined {
  try {
    return parseNote(note);
  } catch {
    return undefined;
  }
}

/**
 * A root differs although every chain held (an attacker rewrote hashes too, or moved events): the
 * sealer's record of the leaves since the last good checkpoint names the first event that differs.
 */
async function localize(source: LogSource, window: LoggedEvent[], from: number, to: number): Promise<Problem | undefined> {
  if (!source.sealedLeaves) return undefined;
  const leaves: SealedLeaf[] = await source.sealedLeaves(from, to);
  for (let i = 0; i < to - from; i++) {
    const leaf = leaves[i];
    const e = window[i];
    if (leaf && e && leaf.eventId === e.eventId) {
      if (!leaf.hash.equals(e.hash ?? ZERO)) {
        return { ...where(e, from + i), kind: 'data_changed', detail: `${e.stream} v${e.version}: the event and its hash were rewritten after they were sealed` };
      }
      continue;
    }
    if (e && !(await source.isSealed?.(e.eventId))) {
      return { ...where(e, from + i), kind: 'event_inserted', detail: `${e.stream} v${e.version} at leaf ${from + i} was never sealed: inserted into the sealed history` };
    }
    if (leaf && !(await source.hasEvent?.(leaf.eventId))) {
      return { kind: 'event_missing', stream: leaf.stream, version: leaf.version, position: leaf.position, eventId: leaf.eventId, leafIndex: from + i, at: from + i, detail: `${leaf.stream} v${leaf.version} (sealed at leaf ${from + i}) is gone` };
    }
    // Both still exist: the sealed event is no longer where it was sealed. Name it, as sealed.
    return {
      kind: 'order_changed',
      ...(leaf ? { stream: leaf.stream, version: leaf.version, position: leaf.position, eventId: leaf.eventId } : {}),
      leafIndex: from + i,
      at: from + i,
      detail: `leaf ${from + i} was ${leaf?.stream} v${leaf?.version} when sealed, now ${e ? `${e.stream} v${e.version}` : 'nothing'}: the global order changed`,
    };
  }
  return undefined;
}
