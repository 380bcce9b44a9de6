/**
 * RFC 8785 (JCS) bytes straight from PostgreSQL's jsonb text, without JSON.parse: the verifier's
 * own implementation of the canonical encoding, for its hot loop (docs/tamper-evidence.md §4).
 *
 * jsonb's output function writes one exact form: `{"key": value, "key2": value}` (": " and ", "),
 * members ordered by key length then bytes, strings escaped as PostgreSQL's escape_json does
 * (`\"` `\\` `\b \f \n \r \t`, other controls `\u00xx` lower case, everything else literal UTF-8 —
 * exactly what ECMAScript's JSON.stringify writes), numbers as `numeric` text (no exponent, scale
 * kept: `1.50`, `1000000000000000000000`). From that form the canonical text is: the same strings
 * byte for byte, no whitespace, members re-sorted by their names' UTF-16 code units, and each number
 * written as ECMAScript's Number-to-String of its double (integers of up to 15 digits are already
 * that; any other number goes through Number()/String()).
 *
 * Every step keeps the JSON value (parse(output) = parse(input)), so when the output hashes to the
 * stored chain hash it is the canonical text the append hashed, and the stored value is the one
 * appended. Input in any other form (other spacing, other escapes, duplicate or non-ASCII keys that
 * would need decoding to order, nesting deeper than MAX_DEPTH) is refused with -1: the caller then
 * uses JSON.parse and canonicalParsedJson (canonical.ts), which accept any JSON.
 */

const MAX_DEPTH = 200;

// The conversion's state, module-wide so the recursive descent passes nothing around.
let src: Buffer = Buffer.alloc(0);
let p = 0;
let end = 0;
let out: Buffer = Buffer.alloc(0);
let o = 0;
/** Whether the string just copied was plain ASCII without escapes (byte order = UTF-16 order). */
let plain = true;
/** Members of the objects being converted: [key start, key end, member end] in `out`, plain flag. */
let spans = new Int32Array(3 * 1024);
let top = 0;
let tmp = Buffer.alloc(64 * 1024);
let stage = Buffer.alloc(64 * 1024);

/**
 * Converts the jsonb text in `input[start, stop)` into RFC 8785 bytes written at `output[at]`.
 * Returns the end of what it wrote, or -1 when the input is not in jsonb's exact output form. The
 * output is never longer than the input: `output` needs `stop - start` bytes from `at`.
 */
export function jsonbToCanonical(input: Buffer, start: number, stop: number, output: Buffer, at: number): number {
  src = input;
  p = start;
  end = stop;
  out = output;
  o = at;
  top = 0;
  const ok = value(0) && p === end;
  src = out = EMPTY;
  return ok ? o : -1;
}

const EMPTY = Buffer.alloc(0);

function value(depth: number): boolean {
  if (p >= end || depth > MAX_DEPTH) return false;
  const c = src[p];
  if (c === 0x22) return string();
  if (c === 0x7b) return object(depth);
  if (c === 0x5b) return array(depth);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
  if (c === 0x74) return literal(TRUE);
  if (c === 0x66) return literal(FALSE);
  if (c === 0x6e) return literal(NULL);
  return false;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function literal(word: number[]): boolean {
  if (p + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (src[p + i] !== word[i]) return false;
  for (let i = 0; i < word.length; i++) out[o++] = word[i];
  p += word.length;
  return true;
}

/** What a byte is inside a string: 0 plain ASCII, 1 other UTF-8, 2 `"`, 3 `\\`, 4 a control (not allowed raw). */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) CLASS[c] = c < 0x20 ? 4 : c === 0x22 ? 2 : c === 0x5c ? 3 : c >= 0x80 ? 1 : 0;

/** `"…"` copied as it is, after checking every escape is one JSON.stringify would write. */
function string(): boolean {
  const input = src;
  const output = out;
  const stop = end;
  let i = p + 1;
  let w = o;
  output[w++] = 0x22;
  let ascii = true;
  while (i < stop) {
    const c = input[i];
    const k = CLASS[c];
    if (k === 0) {
      output[w++] = c;
      i++;
      continue;
    }
    if (k === 1) {
      ascii = false;
      output[w++] = c;
      i++;
      continue;
    }
    if (k === 2) {
      output[w++] = 0x22;
      p = i + 1;
      o = w;
      plain = ascii;
      return true;
    }
    if (k === 4 || i + 1 >= stop) return false;
    ascii = false;
    const e = input[i + 1];
    if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      output[w++] = 0x5c;
      output[w++] = e;
      i += 2;
      continue;
    }
    // \u00xx only for a control character without a short escape, in lower-case hex.
    if (e !== 0x75 || i + 5 >= stop || input[i + 2] !== 0x30 || input[i + 3] !== 0x30) return false;
    const high = input[i + 4];
    const low = hexLower(input[i + 5]);
    if ((high !== 0x30 && high !== 0x31) || low < 0) return false;
    const code = (high - 0x30) * 16 + low;
    if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return false;
    for (let n = 0; n < 6; n++) output[w++] = input[i + n];
    i += 6;
  }
  return false;
}

/** The hash `name` leaves: the shape so far with the name folded in. */
let named = 0;

/** A member name: as string() writes it, folded into `shape` (FNV-1a over its bytes) in the same loop when plain. */
function name(shape: number): boolean {
  const input = src;
  const output = out;
  const stop = end;
  const start = o;
  let h = shape;
  let i = p + 1;
  let w = o;
  output[w++] = 0x22;
  h = Math.imul(h ^ 0x22, 0x01000193);
  while (i < stop) {
    const c = input[i];
    const k = CLASS[c];
    if (k === 0) {
      output[w++] = c;
      h = Math.imul(h ^ c, 0x01000193);
      i++;
      continue;
    }
    if (k !== 2) break;
    output[w++] = 0x22;
    p = i + 1;
    o = w;
    plain = true;
    named = Math.imul(h ^ 0x22, 0x01000193);
    return true;
  }
  // Not plain ASCII: the general case, hashed afterwards.
  if (!string()) return false;
  h = shape;
  for (let j = start; j < o; j++) h = Math.imul(h ^ out[j], 0x01000193);
  named = h;
  return true;
}

function hexLower(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function array(depth: number): boolean {
  out[o++] = 0x5b;
  p++;
  if (p < end && src[p] === 0x5d) {
    out[o++] = 0x5d;
    p++;
    return true;
  }
  for (;;) {
    if (!value(depth + 1) || p >= end) return false;
    const c = src[p];
    if (c === 0x5d) {
      out[o++] = 0x5d;
      p++;
      return true;
    }
    if (c !== 0x2c || p + 1 >= end || src[p + 1] !== 0x20) return false;
    out[o++] = 0x2c;
    p += 2;
  }
}

function object(depth: number): boolean {
  if (p + 1 < end && src[p + 1] === 0x7d) {
    out[o++] = 0x7b;
    out[o++] = 0x7d;
    p += 2;
    return true;
  }
  // The outermost object is written aside and copied once in canonical order; nested ones are
  // reordered where they are.
  const target = out;
  const targetAt = o;
  const staged = depth === 0;
  if (staged) {
    if (end - p + 16 > stage.length) stage = Buffer.alloc(Math.max(2 * stage.length, end - p + 16));
    out = stage;
    o = 0;
  }
  out[o++] = 0x7b;
  p++;
  const base = top;
  const first = o;
  let allPlain = true;
  // FNV-1a over the names: the object's shape, to find its members' order again.
  let shape = 0x811c9dc5;
  for (;;) {
    if (p >= end || src[p] !== 0x22) return false;
    const keyStart = o;
    if (!name(shape)) return false;
    shape = named;
    const keyEnd = o;
    allPlain &&= plain;
    if (p + 1 >= end || src[p] !== 0x3a || src[p + 1] !== 0x20) return false;
    out[o++] = 0x3a;
    p += 2;
    // Recorded before the value, whose own members stack above this one's.
    const at = push(keyStart, keyEnd);
    if (!value(depth + 1) || p >= end) return false;
    spans[at + 2] = o;
    const c = src[p];
    if (c === 0x7d) {
      p++;
      break;
    }
    if (c !== 0x2c || p + 1 >= end || src[p + 1] !== 0x20) return false;
    out[o++] = 0x2c;
    p += 2;
  }
  const count = (top - base) / 3;
  let indexes: Int32Array | null = null;
  if (count > 1) {
    const found = allPlain ? orderOf(base, count, shape) : decodedOrder(base, count);
    if (found === false) return false;
    indexes = found;
  }
  if (staged) unstage(base, count, indexes, target, targetAt);
  else {
    if (indexes && !rewrite(base, count, first, indexes)) return false;
    out[o++] = 0x7d;
  }
  top = base;
  return true;
}

/** The staged object's members into `target` at `at`, in the given order (null: as they are). */
function unstage(base: number, count: number, indexes: Int32Array | null, target: Buffer, at: number): void {
  const from = out;
  let w = at;
  if (indexes === null) {
    w += from.copy(target, w, 0, o);
  } else {
    target[w++] = 0x7b;
    for (let i = 0; i < count; i++) {
      if (i > 0) target[w++] = 0x2c;
      const m = base + 3 * indexes[i];
      const start = spans[m];
      const stop = spans[m + 2];
      if (stop - start > 48) w += from.copy(target, w, start, stop);
      else for (let k = start; k < stop; k++) target[w++] = from[k];
    }
  }
  target[w++] = 0x7d;
  out = target;
  o = w;
}

function push(keyStart: number, keyEnd: number): number {
  if (top + 3 > spans.length) {
    const grown = new Int32Array(spans.length * 2);
    grown.set(spans);
    spans = grown;
  }
  const at = top;
  spans[top++] = keyStart;
  spans[top++] = keyEnd;
  spans[top++] = 0;
  return at;
}

/**
 * The order of the members of each object shape seen (by the FNV-1a hash of its names): null when
 * jsonb's order is already canonical. Objects of one event type share a few shapes, so sorting is
 * mostly a look-up. A hash collision gives a wrong order: still the same JSON value, so the event
 * does not match its chain hash and is encoded again through JSON.parse (range-check.ts).
 */
const orders = new Map<number, Int32Array | null>();
const MAX_SHAPES = 4096;

/** Orders the members written at out[first, o) by name; false for a duplicate name. */
function orderOf(base: number, count: number, shape: number): Int32Array | null | false {
  const key = (shape ^ Math.imul(count, 0x9e3779b1)) >>> 0;
  let known = orders.get(key);
  if (known === undefined || (known !== null && known.length !== count)) {
    const sorted = sortOrder(base, count);
    if (sorted === false) return false;
    known = sorted;
    if (orders.size >= MAX_SHAPES) orders.clear();
    orders.set(key, known);
  }
  return known;
}

/** The members' order by name (null: already in order), or false for a duplicate name. */
function sortOrder(base: number, count: number): Int32Array | null | false {
  const indexes = new Int32Array(count);
  for (let i = 0; i < count; i++) indexes[i] = i;
  // Insertion sort: objects are small.
  for (let i = 1; i < count; i++) {
    const m = indexes[i];
    let j = i - 1;
    while (j >= 0 && compareNames(base + 3 * indexes[j], base + 3 * m) > 0) {
      indexes[j + 1] = indexes[j];
      j--;
    }
    indexes[j + 1] = m;
  }
  let identity = true;
  for (let i = 0; i < count; i++) {
    if (i > 0 && compareNames(base + 3 * indexes[i - 1], base + 3 * indexes[i]) === 0) return false;
    if (indexes[i] !== i) identity = false;
  }
  return identity ? null : indexes;
}

/** Writes the members again in the given order of their spans. */
function rewrite(base: number, count: number, first: number, indexes: Int32Array): boolean {
  const length = o - first;
  if (length > tmp.length) tmp = Buffer.alloc(Math.max(length, tmp.length * 2));
  out.copy(tmp, 0, first, o);
  const output = out;
  const copy = tmp;
  let w = first;
  for (let i = 0; i < count; i++) {
    if (i > 0) output[w++] = 0x2c;
    const m = base + 3 * indexes[i];
    const from = spans[m] - first;
    const to = spans[m + 2] - first;
    if (to - from > 48) {
      w += copy.copy(output, w, from, to);
      continue;
    }
    for (let k = from; k < to; k++) output[w++] = copy[k];
  }
  return w === o;
}

/** Names that are escaped or not ASCII: decoded, compared as JS strings (UTF-16 code units, RFC 8785 §3.2.3). */
function decodedOrder(base: number, count: number): Int32Array | false {
  const members = Array.from({ length: count }, (_, i) => {
    const m = base + 3 * i;
    return { name: JSON.parse(out.toString('utf8', spans[m], spans[m + 1])) as string, index: i };
  });
  members.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (let i = 1; i < count; i++) if (members[i - 1].name === members[i].name) return false;
  return Int32Array.from(members, (m) => m.index);
}

/** Plain names (between their quotes) of two members, byte by byte. */
function compareNames(x: number, y: number): number {
  const output = out;
  let a = spans[x] + 1;
  const aEnd = spans[x + 1] - 1;
  let b = spans[y] + 1;
  const bEnd = spans[y + 1] - 1;
  while (a < aEnd && b < bEnd) {
    const d = output[a++] - output[b++];
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

/** A JSON number: integers of up to 15 digits as they are, any other through Number-to-String. */
function number(): boolean {
  const start = p;
  let integer = true;
  if (src[p] === 0x2d) p++;
  if (p >= end) return false;
  const lead = src[p];
  let digits = 0;
  if (lead === 0x30) {
    p++;
    digits = 1;
    // "-0" is 0 in canonical form.
    if (start !== p - 1) integer = false;
  } else if (lead >= 0x31 && lead <= 0x39) {
    while (p < end && src[p] >= 0x30 && src[p] <= 0x39) {
      p++;
      digits++;
    }
  } else return false;
  if (p < end && src[p] === 0x2e) {
    integer = false;
    p++;
    const from = p;
    while (p < end && src[p] >= 0x30 && src[p] <= 0x39) p++;
    if (p === from) return false;
  }
  if (p < end && (src[p] === 0x65 || src[p] === 0x45)) {
    integer = false;
    p++;
    if (p < end && (src[p] === 0x2b || src[p] === 0x2d)) p++;
    const from = p;
    while (p < end && src[p] >= 0x30 && src[p] <= 0x39) p++;
    if (p === from) return false;
  }
  if (integer && digits <= 15) {
    for (let i = start; i < p; i++) out[o++] = src[i];
    return true;
  }
  let text = '';
  for (let i = start; i < p; i++) text += String.fromCharCode(src[i]);
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  const written = String(n);
  for (let i = 0; i < written.length; i++) out[o++] = written.charCodeAt(i);
  return true;
}
