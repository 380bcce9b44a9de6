/**
 * The canonical encoding of an event, as hashed in its stream's chain (docs/tamper-evidence.md):
 * JSON Canonicalization Scheme (RFC 8785). Object members sorted by their names' UTF-16 code
 * units, no whitespace, strings and numbers exactly as ECMAScript's JSON.stringify writes them.
 * This is the one piece of code the append path and the verifier share.
 */

/** RFC 8785 text of a JSON value. Values JSON cannot hold are treated as JSON.stringify treats them. */
export function canonicalJson(value: unknown): string {
  const text = write(value, false);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

function write(value: unknown, inArray: boolean): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // ECMAScript's Number-to-string is what RFC 8785 prescribes; non-finite numbers become null as in JSON.stringify.
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('a bigint has no JSON representation');
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i], true) ?? 'null';
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as RFC 8785 section 3.2.3 requires.
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = write(record[key], false);
        if (member === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + member;
        first = false;
      }
      return out + '}';
    }
    default:
      // undefined, functions and symbols: dropped from objects, null in arrays.
      return inArray ? 'null' : undefined;
  }
}

/** The fields of an event that its hash covers. */
export interface ChainedEventFields {
  stream: string;
  version: number;
  type: string;
  eventId: string;
  data: unknown;
  metadata: unknown;
}

/**
 * The canonical encoding without its last member and closing brace: `version` sorts last, so the
 * append can send this and let PostgreSQL add the version it assigns under the stream's lock.
 */
export function canonicalEventPrefix(event: Omit<ChainedEventFields, 'version'>): string {
  return (
    '{"data":' + canonicalJson(event.data) +
    ',"eventId":' + JSON.stringify(event.eventId.toLowerCase()) +
    ',"metadata":' + canonicalJson(event.metadata ?? {}) +
    ',"stream":' + JSON.stringify(event.stream) +
    ',"type":' + JSON.stringify(event.type) +
    ',"version":'
  );
}

/** `{"data":…,"eventId":…,"metadata":…,"stream":…,"type":…,"version":…}` in RFC 8785 form. */
export function canonicalEvent(event: ChainedEventFields): string {
  return canonicalEventPrefix(event) + String(event.version) + '}';
}

/** The chain's start: the "previous hash" of a stream's first event. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/**
 * canonicalJson for values that came out of JSON.parse (no toJSON, undefined or non-finite
 * numbers can occur): the same output, without the checks, for the verifier's hot loop.
 */
export function canonicalParsedJson(value: unknown): string {
  if (typeof value === 'object') {
    if (value === null) return 'null';
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalParsedJson(value[i]);
      return out + ']';
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!isSorted(keys)) keys.sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += (i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':' + canonicalParsedJson(record[keys[i]]);
    return out + '}';
  }
  return JSON.stringify(value);
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** canonicalEvent for an event read back from storage (parsed JSON). */
export function canonicalStoredEvent(event: ChainedEventFields): string {
  return (
    '{"data":' + canonicalParsedJson(event.data) +
    ',"eventId":' + JSON.stringify(event.eventId.toLowerCase()) +
    ',"metadata":' + canonicalParsedJson(event.metadata ?? {}) +
    ',"stream":' + JSON.stringify(event.stream) +
    ',"type":' + JSON.stringify(event.type) +
    ',"version":' + String(event.version) + '}'
  );
}
