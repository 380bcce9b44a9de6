import { isPosition, type Position } from '@laurel/event-store';

/**
 * The one cursor codec of every paginated route. A cursor is opaque to clients: base64url of a JSON
 * array `[version, ...key]`. Each list declares the typed shape of its key, and decoding checks every
 * element against it, so a crafted cursor is an InvalidCursor (400 VALIDATION_FAILED `cursor`) and
 * never reaches SQL as a value PostgreSQL would refuse (a NUL, a non-date, an out-of-range bigint).
 */
export type CursorPart =
  /** Text such as an id: 1..MAX_CURSOR_TEXT characters, no control characters, well-formed Unicode. */
  | 'string'
  /** An instant as `Date#toISOString` writes it. */
  | 'timestamp'
  /** An instant to the microsecond, as PostgreSQL keeps it: `2025-01-31T08:00:00.123456Z`. */
  | 'microtime'
  /** A PostgreSQL bigint ≥ 0 in decimal (bigserial positions), carried as a string. */
  | 'bigint'
  /** An event-store position (32 hex digits), each half within PostgreSQL's xid8/bigint range. */
  | 'position'
  /** A safe integer within the bounds. */
  | { int: readonly [min: number, max: number] };

type PartValue<P extends CursorPart> = P extends 'position' ? Position : P extends { int: unknown } ? number : string;
export type CursorKey<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: PartValue<S[I]> };

/** Bumped when a cursor's layout changes: cursors of another version are refused, never misread. */
export const CURSOR_VERSION = 1;
/** Longer cursors are refused before any decoding (the longest key we issue is far below this). */
export const MAX_CURSOR_LENGTH = 600;
export const MAX_CURSOR_TEXT = 200;

const INT8_MAX = 9_223_372_036_854_775_807n;
/** A position's halves as the audit log compares them: (transaction_id::xid8, global_position::bigint). */
const XID8_MAX = 18_446_744_073_709_551_615n;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MICROTIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;
// Control characters (NUL among them) and lone surrogates: PostgreSQL text cannot hold either safely.
const BAD_TEXT = /[\p{Cc}\p{Cs}]/u;

export class InvalidCursor extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor() {
    super('cursor must be a nextCursor from a previous page');
  }
}

export interface CursorCodec<S extends readonly CursorPart[]> {
  readonly shape: S;
  encode(key: CursorKey<S>): string;
  /** The key, or InvalidCursor when the cursor is not one this list issued. */
  decode(cursor: string): CursorKey<S>;
}

/** A codec for cursors whose key has the given shape, e.g. `cursorCodec('timestamp', 'string')`. */
export function cursorCodec<const S extends readonly CursorPart[]>(...shape: S): CursorCodec<S> {
  return {
    shape,
    encode: (key) => Buffer.from(JSON.stringify([CURSOR_VERSION, ...(key as unknown[])]), 'utf8').toString('base64url'),
    decode: (cursor) => {
      const key = decodeKey(cursor, shape);
      if (key === undefined) throw new InvalidCursor();
      return key as CursorKey<S>;
    },
  };
}

function decodeKey(cursor: string, shape: readonly CursorPart[]): unknown[] | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  // Node decodes leniently: only the canonical spelling of these bytes is a cursor we issued.
  if (bytes.toString('base64url') !== cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== CURSOR_VERSION) return undefined;
  const key = parsed.slice(1);
  return key.every((value, i) => partValid(value, shape[i])) ? key : undefined;
}

function partValid(value: unknown, part: CursorPart): boolean {
  if (typeof part === 'object') return typeof value === 'number' && Number.isSafeInteger(value) && value >= part.int[0] && value <= part.int[1];
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'string':
      return value.length > 0 && value.length <= MAX_CURSOR_TEXT && !BAD_TEXT.test(value);
    case 'timestamp': {
      if (!TIMESTAMP.test(value)) return false;
      const time = Date.parse(value);
      return Number.isFinite(time) && new Date(time).toISOString() === value;
    }
    case 'microtime': {
      // The milliseconds must be a real instant, written as toISOString writes it; the last three digits are any.
      const ms = MICROTIME.exec(value)?.[1];
      if (ms === undefined) return false;
      const time = Date.parse(`${ms}Z`);
      return Number.isFinite(time) && new Date(time).toISOString() === `${ms}Z`;
    }
    case 'bigint':
      return /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX;
    case 'position':
      return isPosition(value) && value !== '' && BigInt(`0x${value.slice(0, 16)}`) <= XID8_MAX && BigInt(`0x${value.slice(16)}`) <= INT8_MAX;
  }
}
