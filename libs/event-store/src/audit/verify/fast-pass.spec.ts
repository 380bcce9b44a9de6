import { createHash, randomBytes } from 'node:crypto';
import { canonicalEvent, canonicalJson } from '../canonical';
import { MerkleFrontier } from '../merkle';
import { CopyOut } from './copy-out';
import { jsonbToCanonical } from './jsonb-canonical';
import { RangeChecker, type RangeOutcome } from './range-check';
import { joinRanges } from './range-join';
import { leafInto, nodeInto } from './tree-hash';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A number as PostgreSQL's numeric keeps the text JSON.stringify gave it: plain decimal, no exponent. */
function numericText(n: number): string {
  const text = JSON.stringify(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponent] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** What jsonb's output function writes for a value: members by name length then bytes, ", " and ": ". */
function jsonbText(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'number' ? numericText(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length - y.length || Buffer.compare(x, y);
  });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(', ')}}`;
}

const NAMES = ['a', 'b', 'id', 'role', 'actor', 'score', 'decisionNo', 'z', 'aa', 'ab', 'é', '€', '😀', '\ufb33', 'line\nbreak', 'quote"d', 'back\\slash', 'ctl\u0001', '', 'A', 'Z'];
const STRINGS = ['', 'x', 'Quyết định 12/QĐ-UBND', 'tab\there', 'nl\n', 'cr\r', 'ff\f', 'bs\b', 'ctl\u0000\u0001\u001f', 'quote "q"', 'back\\', '€😀\u2028\u2029', '/slash/', '\u007f'];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -2.25, 0.1, 1e21, 1e-7, 123456789012345, 1234567890123456, 1.2345678901234567e19, 2 ** 53, 5e-324, 1.7976931348623157e308, 333333333.3333333, 0.000001, 100];

function value(next: () => number, depth: number): unknown {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const kind = depth > 3 ? Math.floor(next() * 4) : Math.floor(next() * 6);
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return next() < 0.5 ? pick(NUMBERS) * next() : pick(STRINGS) + pick(STRINGS);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 7); i > 0; i--) out[pick(NAMES)] = value(next, depth + 1);
      return out;
    }
  }
}

function convert(text: string): string | -1 {
  const input = Buffer.from(text, 'utf8');
  const output = Buffer.alloc(input.length + 16);
  const end = jsonbToCanonical(input, 0, input.length, output, 0);
  return end < 0 ? -1 : output.toString('utf8', 0, end);
}

describe('jsonb text to RFC 8785 bytes', () => {
  it('gives canonicalJson of the value for jsonb text of random values', () => {
    const next = random(20250301);
    for (let i = 0; i < 3000; i++) {
      const v = { payload: value(next, 0), n: i };
      expect(convert(jsonbText(v))).toBe(canonicalJson(v));
    }
  });

  it('writes numbers as ECMAScript does, whatever scale numeric kept', () => {
    expect(convert('[1.50, 1000000000000000000000, 0.0000001, -0, 0, 1E2, 123456789012345678, 100000000000000000000, 0.000001, -12.500]')).toBe(
      '[1.5,1e+21,1e-7,0,0,100,123456789012345680,100000000000000000000,0.000001,-12.5]',
    );
  });

  it('orders escaped and non-ASCII names by UTF-16 code units', () => {
    expect(convert('{"\\r": 1, "€": 2, "😀": 3, "\ufb33": 4, "é": 5}')).toBe('{"\\r":1,"é":5,"€":2,"😀":3,"\ufb33":4}');
  });

  it('refuses any other form, for JSON.parse to read', () => {
    for (const text of ['{"a":1}', '{"a": 1,"b": 2}', '[1,2]', ' 1', '1 ', '"\\u0041"', '"\\/"', '"\\u000a"', '"\\u001F"', '"raw\u0001"', '{"a": 1, "a": 2}', '[1, 2', '01', '1.', '-', '.5', 'tru', '{"a" : 1}', '{"b": 1, "a": 2, "b": 3}', 'NaN']) {
      expect([text, convert(text)]).toEqual([text, -1]);
    }
  });
});

describe('the verifier tree hashes', () => {
  it('equal node:crypto for leaves and nodes, also written over their inputs', () => {
    for (let i = 0; i < 200; i++) {
      const a = randomBytes(32);
      const b = randomBytes(32);
      const out = Buffer.alloc(40);
      leafInto(a, 0, out, 8);
      expect(out.subarray(8)).toEqual(createHash('sha256').update(Buffer.from([0])).update(a).digest());
      const both = Buffer.concat([a, b]);
      nodeInto(both, 0, both, 32, both, 0);
      expect(both.subarray(0, 32)).toEqual(createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest());
    }
  });
});

// ——— The fast pass over binary COPY rows, cut into ranges and joined. ———

interface Event {
  stream: string;
  version: number;
  type: string;
  eventId: string;
  data: unknown;
  metadata: unknown;
  hash: Buffer | null;
}

function history(streams: number, events: number, seed: number): Event[] {
  const next = random(seed);
  const versions = new Map<string, number>();
  const chains = new Map<string, Buffer>();
  const out: Event[] = [];
  for (let i = 0; i < events; i++) {
    const stream = `nomination-${Math.floor(next() * streams)}`;
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const id = randomBytes(16).toString('hex');
    const eventId = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    const e = { stream, version, type: 'InitiativeReviewed', eventId, data: { decisionNo: `${i}/QĐ`, score: i * 1.5, detail: value(next, 1) }, metadata: { actor: { id: 'secretary', role: 'secretary' }, occurredAt: '2025-01-01T00:00:00.000Z' } };
    const hash = createHash('sha256').update(chains.get(stream) ?? Buffer.alloc(32)).update(canonicalEvent(e)).digest();
    chains.set(stream, hash);
    out.push({ ...e, hash });
  }
  return out;
}

/** A binary COPY stream of the events: header, one tuple each, trailer. */
function copyStream(events: readonly Event[]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  const field = (bytes: Buffer | null) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(bytes ? bytes.length : -1);
    parts.push(length, ...(bytes ? [bytes] : []));
  };
  for (const e of events) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(7);
    parts.push(count);
    const version = Buffer.alloc(8);
    version.writeBigInt64BE(BigInt(e.version));
    field(Buffer.from(e.stream));
    field(version);
    field(Buffer.from(e.type));
    field(Buffer.from(e.eventId.replace(/-/g, ''), 'hex'));
    field(Buffer.concat([Buffer.from([1]), Buffer.from(jsonbText(e.data))]));
    field(Buffer.concat([Buffer.from([1]), Buffer.from(jsonbText(e.metadata))]));
    field(e.hash);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

/** Feeds the range's COPY stream cut at random places (rows split across messages, several in one). */
function checkRange(events: readonly Event[], start: number, count: number, sizes: number[], next: () => number): RangeOutcome {
  const checker = new RangeChecker({ start, count, sizes: sizes.filter((s) => s > start && s <= start + count) });
  const copy = new CopyOut('', 7, (row, fields) => checker.row(row, fields));
  const stream = copyStream(events.slice(start, start + count));
  for (let at = 0; at < stream.length; ) {
    const size = 1 + Math.floor(next() * 900);
    copy.handleCopyData({ chunk: Buffer.from(stream.subarray(at, at + size)) });
    at += size;
  }
  copy.handleCommandComplete();
  copy.handleReadyForQuery();
  return checker.finish();
}

/** The roots the sealer's own tree code (merkle.ts) gives at these sizes. */
function roots(events: readonly Event[], sizes: number[]): Map<number, Buffer[]> {
  const frontier = new MerkleFrontier(0);
  const out = new Map<number, Buffer[]>();
  events.forEach((e, i) => {
    frontier.append(e.hash ?? Buffer.alloc(32), () => undefined);
    if (sizes.includes(i + 1)) out.set(i + 1, [frontier.root()]);
  });
  return out;
}

function fastPass(events: readonly Event[], expected: Map<number, Buffer[]>, ranges: number, seed = 7): { clean: boolean; streams: number } {
  const next = random(seed);
  const sizes = [...expected.keys()].sort((a, b) => a - b);
  const starts = Array.from({ length: ranges }, (_, i) => Math.floor((i * events.length) / ranges));
  const outcomes = starts.map((start, i) => checkRange(events, start, (starts[i + 1] ?? events.length) - start, sizes, next));
  return joinRanges(outcomes, expected, events.length);
}

describe('the fast pass, in ranges joined at their boundaries', () => {
  const log = history(40, 600, 12);
  const sizes = [1, 2, 3, 64, 100, 199, 200, 256, 301, 450, 599, 600];
  const expected = roots(log, sizes);

  it('passes an untouched log in any number of ranges, with every checkpoint root', () => {
    for (const ranges of [1, 2, 3, 5, 7, 16]) {
      expect(fastPass(log, expected, ranges)).toEqual({ clean: true, streams: new Set(log.map((e) => e.stream)).size });
    }
  });

  it("fails on a change to any one event's data, wherever it falls against the boundaries", () => {
    for (let i = 0; i < log.length; i += 37) {
      const changed = log.map((e, j) => (j === i ? { ...e, data: { ...(e.data as object), decisionNo: '999/FORGED' } } : e));
      for (const ranges of [1, 3, 7]) expect([i, ranges, fastPass(changed, expected, ranges).clean]).toEqual([i, ranges, false]);
    }
  });

  it("fails on a stream's first event of a later range changed (its hash is checked at the join)", () => {
    const start = Math.floor(log.length / 3);
    const before = new Set(log.slice(0, start).map((e) => e.stream));
    const i = log.findIndex((e, j) => j >= start && before.has(e.stream));
    const changed = log.map((e, j) => (j === i ? { ...e, metadata: { actor: { id: 'forger', role: 'secretary' } } } : e));
    // No checkpoints: only the chains can tell.
    expect(fastPass(log, new Map(), 3).clean).toBe(true);
    expect(fastPass(changed, new Map(), 3).clean).toBe(false);
  });

  it('fails on an event missing, inserted or moved, with or without checkpoints', () => {
    const start = Math.floor(log.length / 2);
    const before = new Set(log.slice(0, start).map((e) => e.stream));
    // The last event before the boundary of a stream that goes on after it.
    const after = new Set(log.slice(start).map((e) => e.stream));
    const last = log.slice(0, start).map((e, j) => ({ e, j })).filter(({ e }) => after.has(e.stream) && before.has(e.stream)).pop()?.j as number;
    const missing = log.filter((_, j) => j !== last);
    const moved = [...log];
    [moved[10], moved[400]] = [moved[400], moved[10]];
    const inserted = [...log.slice(0, 300), { ...log[299], eventId: '00000000-0000-4000-8000-000000000000' }, ...log.slice(300)];
    for (const ranges of [1, 2, 3]) {
      // Versions alone tell, even against roots recomputed over the tampered log.
      for (const tampered of [missing, inserted]) {
        expect(fastPass(tampered, new Map(), ranges).clean).toBe(false);
        expect(fastPass(tampered, roots(tampered, sizes), ranges).clean).toBe(false);
      }
      // The signed roots tell.
      expect(fastPass(moved, expected, ranges).clean).toBe(false);
    }
  });

  it('fails on a root that differs, a checkpoint beyond the end, a hash missing', () => {
    const wrong = new Map(expected);
    wrong.set(256, [createHash('sha256').update('forged').digest()]);
    expect(fastPass(log, wrong, 3).clean).toBe(false);
    expect(fastPass(log, new Map([...expected, [601, [Buffer.alloc(32)]]]), 3).clean).toBe(false);
    expect(fastPass(log.map((e, j) => (j === 123 ? { ...e, hash: null } : e)), new Map(), 3).clean).toBe(false);
  });
});
