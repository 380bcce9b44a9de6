import { hash as digest } from 'node:crypto';
import { canonicalParsedJson } from '../canonical';
import { jsonbToCanonical } from './jsonb-canonical';
import { TreeBuilder, type Subtrees } from './tree-builder';

export type { Subtrees } from './tree-builder';

/**
 * The fast pass over one range [start, start + count) of the global order, fed the rows of a
 * binary COPY (fields: stream_name, stream_version, event_type, event_id, data, metadata, hash).
 *
 * For each event it recomputes the chain hash from its own canonical encoding (jsonb text straight
 * to RFC 8785 bytes), checks the version follows the stream's previous one, and adds the stored hash
 * to the Merkle tree (leaf and node hashes, its own code). It only answers "clean or not": the first
 * mismatch is named by the exact pass (ChainChecker), which the verifier runs whenever a range is
 * not clean. A range after the first does not know its streams' state before it: a stream's first
 * event there is assumed to follow on, and its hash is checked when the ranges are joined.
 */

const ZERO = new Uint8Array(32);

export interface RangeSpec {
  /** Leaf index of the range's first event; 0: the streams' state before it is known (empty). */
  start: number;
  /** How many events the range holds (-1: the one range of the whole log, counted as it is read). */
  count: number;
  /** Checkpoint sizes in (start, start + count]: the tree's subtrees are kept at each. */
  sizes: number[];
  /** `(transaction_id, global_position)` bounds, decimal; `to` exclusive, undefined: to the end. */
  from?: { tx: string; gp: string };
  to?: { tx: string; gp: string };
}

export interface RangeOutcome {
  start: number;
  count: number;
  /** Why the range is not clean (the exact pass then names the first mismatch), or null. */
  failure: string | null;
  snapshots: Subtrees[];
  end: Subtrees;
  /** Every stream seen: latin1 name, first and last version, the stored hash its chain ends on. */
  names: string[];
  first: number[];
  last: number[];
  lastHashes: Uint8Array;
  /** Per stream, -1 or the deferred check of its first event (a range after the first, version > 1). */
  deferredOf: number[];
  /** Deferred checks: canonical bytes [offset, offset + length) in `deferredBytes`, the stored hash. */
  deferredOffsets: number[];
  deferredLengths: number[];
  deferredBytes: Uint8Array;
  deferredHashes: Uint8Array;
}

interface StreamState {
  index: number;
  first: number;
  version: number;
  hash: Buffer;
  deferred: number;
}

const P_DATA = bytes('{"data":');
const P_ID = bytes(',"eventId":"');
const P_META = bytes('","metadata":');
const P_STREAM = bytes(',"stream":');
const P_TYPE = bytes(',"type":');
const P_VERSION = bytes(',"version":');
const HEX = bytes('0123456789abcdef');
/** Each byte's two lower-case hex digits. */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => (HEX[b >> 4] << 8) | HEX[b & 15]);

function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

export class RangeChecker {
  private readonly streams = new Map<string, StreamState>();
  private readonly states: StreamState[] = [];
  private next: number;
  private failure: string | null = null;
  private scratch = Buffer.alloc(64 * 1024);
  private deferred = Buffer.alloc(1024 * 1024);
  private deferredUsed = 0;
  private readonly deferredOffsets: number[] = [];
  private readonly deferredLengths: number[] = [];
  private readonly deferredHashes: Buffer[] = [];

  private readonly tree: TreeBuilder;

  constructor(private readonly range: RangeSpec) {
    this.next = range.start;
    this.tree = new TreeBuilder(range.start, range.sizes);
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  get checked(): number {
    return this.next - this.range.start;
  }

  fail(reason: string): void {
    this.failure ??= reason;
  }

  /** One COPY row; `f` holds each field's [offset, length] in `row` (length -1: NULL). */
  row(row: Buffer, f: Int32Array): void {
    const index = this.next++;
    if (this.failure !== null) return;
    const stored = f[13] === 32 ? f[12] : -1;
    if (stored >= 0) this.tree.leaf(row, stored);
    else this.tree.leaf(ZERO, 0);

    if (f[3] !== 8 || f[7] !== 16) return this.fail(`leaf ${index}: unexpected column format`);
    const version = row.readUInt32BE(f[2]) * 0x1_0000_0000 + row.readUInt32BE(f[2] + 4);
    if (version > Number.MAX_SAFE_INTEGER) return this.fail(`leaf ${index}: version out of range`);
    const key = (row as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(f[0], f[0] + f[1]);
    let state = this.streams.get(key);
    let deferred = false;
    if (state === undefined) {
      // A stream met first: from version 1, or, after the first range, from whatever came before.
      const first = this.range.start === 0 ? 1 : version;
      deferred = version > 1 && version === first;
      state = { index: this.states.length, first: version, version: first - 1, hash: Buffer.alloc(32), deferred: -1 };
      this.streams.set(key, state);
      this.states.push(state);
    }
    if (version !== state.version + 1) return this.fail(`leaf ${index}: version ${version} after ${state.version}`);
    if (stored < 0) return this.fail(`leaf ${index}: no stored hash`);

    const length = this.encode(row, f, deferred ? ZERO : state.hash, version);
    if (this.failure !== null) return;
    if (deferred) {
      state.deferred = this.defer(length, row, stored);
    } else {
      const computed = digest('sha256', this.scratch.subarray(0, length), 'buffer') as unknown as Buffer;
      if (computed.compare(row, stored, stored + 32) !== 0 && !this.slowMatches(row, f, state.hash)) {
        return this.fail(`leaf ${index}: the stored event does not match its hash`);
      }
    }
    row.copy(state.hash, 0, stored, stored + 32);
    state.version = version;
  }

  /** Writes previous hash ‖ canonical event into the scratch buffer; returns its length. */
  private encode(row: Buffer, f: Int32Array, previous: Uint8Array, version: number): number {
    const need = 32 + f[9] + f[11] + 6 * (f[1] + f[5]) + 128;
    if (need > this.scratch.length) this.scratch = Buffer.alloc(Math.max(need, this.scratch.length * 2));
    const s = this.scratch;
    s.set(previous, 0);
    let o = put(s, 32, P_DATA);
    o = this.json(row, f[8], f[9], o);
    o = put(s, o, P_ID);
    const id = f[6];
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s[o++] = 0x2d;
      const pair = HEX_PAIRS[row[id + i]];
      s[o++] = pair >> 8;
      s[o++] = pair & 0xff;
    }
    o = put(s, o, P_META);
    o = this.json(row, f[10], f[11], o);
    o = put(s, o, P_STREAM);
    o = quote(row, f[0], f[1], s, o);
    o = put(s, o, P_TYPE);
    o = quote(row, f[4], f[5], s, o);
    o = put(s, o, P_VERSION);
    o = digits(s, o, version);
    s[o++] = 0x7d;
    return o;
  }

  /** A jsonb column (version byte 1, then its text) in canonical form at `o`. */
  private json(row: Buffer, at: number, length: number, o: number): number {
    if (length < 1 || row[at] !== 1) {
      this.fail('unexpected jsonb format');
      return o;
    }
    const written = jsonbToCanonical(row, at + 1, at + length, this.scratch, o);
    if (written >= 0) return written;
    // Not in jsonb's usual form: parse it and encode the value (canonical.ts).
    try {
      const text = canonicalParsedJson(JSON.parse(row.toString('utf8', at + 1, at + length)));
      return o + this.scratch.write(text, o, 'utf8');
    } catch (error) {
      this.fail(`unreadable jsonb: ${(error as Error).message}`);
      return o;
    }
  }

  /** Before calling a mismatch: the same event encoded through JSON.parse and canonical.ts. */
  private slowMatches(row: Buffer, f: Int32Array, previous: Uint8Array): boolean {
    try {
      return this.slowHash(row, f, previous).compare(row, f[12], f[12] + 32) === 0;
    } catch {
      return false;
    }
  }

  private slowHash(row: Buffer, f: Int32Array, previous: Uint8Array): Buffer {
    const text = (at: number, length: number) => canonicalParsedJson(JSON.parse(row.toString('utf8', at + 1, at + length)));
    const id = row.toString('hex', f[6], f[6] + 16);
    const canonical =
      '{"data":' + text(f[8], f[9]) +
      ',"eventId":"' + `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}` +
      '","metadata":' + text(f[10], f[11]) +
      ',"stream":' + JSON.stringify(row.toString('utf8', f[0], f[0] + f[1])) +
      ',"type":' + JSON.stringify(row.toString('utf8', f[4], f[4] + f[5])) +
      ',"version":' + String(row.readUInt32BE(f[2]) * 0x1_0000_0000 + row.readUInt32BE(f[2] + 4)) + '}';
    return digest('sha256', Buffer.concat([previous, Buffer.from(canonical, 'utf8')]), 'buffer') as unknown as Buffer;
  }

  private defer(length: number, row: Buffer, stored: number): number {
    const size = length - 32;
    if (this.deferredUsed + size > this.deferred.length) {
      const grown = Buffer.alloc(Math.max(this.deferred.length * 2, this.deferredUsed + size));
      this.deferred.copy(grown, 0, 0, this.deferredUsed);
      this.deferred = grown;
    }
    this.scratch.copy(this.deferred, this.deferredUsed, 32, length);
    this.deferredOffsets.push(this.deferredUsed);
    this.deferredLengths.push(size);
    this.deferredHashes.push(Buffer.from(row.subarray(stored, stored + 32)));
    this.deferredUsed += size;
    return this.deferredOffsets.length - 1;
  }

  finish(): RangeOutcome {
    if (this.failure === null && this.range.count >= 0 && this.checked !== this.range.count) this.fail(`range read ${this.checked} events, expected ${this.range.count}`);
    const tree = this.tree.finish();
    const lastHashes = Buffer.alloc(32 * this.states.length);
    this.states.forEach((s, i) => s.hash.copy(lastHashes, 32 * i));
    return {
      start: this.range.start,
      count: this.checked,
      failure: this.failure,
      snapshots: tree.snapshots,
      end: tree.end,
      names: [...this.streams.keys()],
      first: this.states.map((s) => s.first),
      last: this.states.map((s) => s.version),
      lastHashes,
      deferredOf: this.states.map((s) => s.deferred),
      deferredOffsets: this.deferredOffsets,
      deferredLengths: this.deferredLengths,
      deferredBytes: this.deferred.subarray(0, this.deferredUsed),
      deferredHashes: Buffer.concat(this.deferredHashes),
    };
  }
}

/** A positive whole number in decimal. */
function digits(target: Uint8Array, at: number, n: number): number {
  let width = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) width++;
  for (let i = width - 1, v = n; i >= 0; i--, v = Math.floor(v / 10)) target[at + i] = 0x30 + (v % 10);
  return at + width;
}

function put(target: Uint8Array, at: number, part: Uint8Array): number {
  for (let i = 0; i < part.length; i++) target[at + i] = part[i];
  return at + part.length;
}

/** A text column as a JSON string, escaped as JSON.stringify does (its bytes are valid UTF-8). */
function quote(row: Buffer, at: number, length: number, s: Uint8Array, o: number): number {
  s[o++] = 0x22;
  for (let i = at; i < at + length; i++) {
    const c = row[i];
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
      s[o++] = c;
      continue;
    }
    s[o++] = 0x5c;
    if (c === 0x22 || c === 0x5c) s[o++] = c;
    else if (c === 0x08) s[o++] = 0x62;
    else if (c === 0x0c) s[o++] = 0x66;
    else if (c === 0x0a) s[o++] = 0x6e;
    else if (c === 0x0d) s[o++] = 0x72;
    else if (c === 0x09) s[o++] = 0x74;
    else {
      s[o++] = 0x75;
      s[o++] = 0x30;
      s[o++] = 0x30;
      s[o++] = HEX[c >> 4];
      s[o++] = HEX[c & 15];
    }
  }
  s[o++] = 0x22;
  return o;
}
