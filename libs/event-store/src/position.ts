/**
 * A global position in the event feed: an opaque token with a total order.
 *
 * It is encoded as two unsigned 64-bit numbers in fixed-width hex, so plain string comparison
 * is the order. PostgreSQL uses (transaction id, sequence); KurrentDB's (commit, prepare) fits too.
 * KurrentDB positions carry the top bit of the first number (`KURRENTDB_POSITION_TAG`): they sort
 * after every PostgreSQL or in-memory position and an adapter can refuse a checkpoint of the other kind.
 */
export type Position = string & { readonly __brand: 'Position' };

const WIDTH = 16;
const MAX_U64 = (1n << 64n) - 1n;

export const START = '' as Position;

/** Set in the first number of every KurrentDB position, never in a PostgreSQL or in-memory one (see `positionKind`). */
export const KURRENTDB_POSITION_TAG = 1n << 63n;

export function encodePosition(major: bigint, minor: bigint): Position {
  if (major < 0n || minor < 0n || major > MAX_U64 || minor > MAX_U64) {
    throw new RangeError(`position out of range: ${major}/${minor}`);
  }
  return (major.toString(16).padStart(WIDTH, '0') + minor.toString(16).padStart(WIDTH, '0')) as Position;
}

export function decodePosition(position: Position): { major: bigint; minor: bigint } {
  if (position === START) return { major: 0n, minor: 0n };
  if (!isPosition(position)) throw new InvalidPosition(position);
  return { major: BigInt('0x' + position.slice(0, WIDTH)), minor: BigInt('0x' + position.slice(WIDTH)) };
}

export function isPosition(value: unknown): value is Position {
  return typeof value === 'string' && (value === '' || /^[0-9a-f]{32}$/.test(value));
}

export function comparePositions(a: Position, b: Position): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxPosition(a: Position, b: Position): Position {
  return a >= b ? a : b;
}

/**
 * Which kind of store issued a position. PostgreSQL's first number is a transaction id (epoch << 32 | xid),
 * far below 2^63 in any real cluster; the in-memory store's is 0; KurrentDB's carries the tag bit.
 */
export function positionKind(position: Position): 'start' | 'kurrentdb' | 'postgres' {
  if (position === START) return 'start';
  return decodePosition(position).major >= KURRENTDB_POSITION_TAG ? 'kurrentdb' : 'postgres';
}

/** Refuses a checkpoint issued by the other kind of store (e.g. a projection checkpoint kept across a migration). */
export function assertPositionKind(position: Position, expected: 'kurrentdb' | 'postgres'): void {
  const kind = positionKind(position);
  if (kind !== 'start' && kind !== expected) {
    throw new InvalidPosition(position, `a ${kind === 'kurrentdb' ? 'KurrentDB' : 'PostgreSQL'} position given to the ${expected === 'kurrentdb' ? 'KurrentDB' : 'PostgreSQL'} event store (reset or rebuild checkpoints after moving the log: docs/event-store.md)`);
  }
}

export class InvalidPosition extends Error {
  readonly code = 'INVALID_POSITION';
  constructor(
    readonly value: string,
    reason?: string,
  ) {
    super(reason ? `not a position here: ${JSON.stringify(value)}: ${reason}` : `not a position: ${JSON.stringify(value)}`);
    this.name = 'InvalidPosition';
  }
}
