/**
 * A global position in the event feed: an opaque token with a total order.
 *
 * It is encoded as two unsigned 64-bit numbers in fixed-width hex, so plain string comparison
 * is the order. PostgreSQL uses (transaction id, sequence); KurrentDB's (commit, prepare) fits too.
 */
export type Position = string & { readonly __brand: 'Position' };

const WIDTH = 16;
const MAX_U64 = (1n << 64n) - 1n;

export const START = '' as Position;

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

export class InvalidPosition extends Error {
  readonly code = 'INVALID_POSITION';
  constructor(readonly value: string) {
    super(`not a position: ${JSON.stringify(value)}`);
    this.name = 'InvalidPosition';
  }
}
