import type { Position as KurrentPosition } from '@kurrent/kurrentdb-client';
import { assertPositionKind, decodePosition, encodePosition, KURRENTDB_POSITION_TAG, START, type Position } from '../position';

/**
 * A KurrentDB log position as the port's opaque checkpoint: (commit | tag, prepare) in fixed-width hex.
 * KurrentDB orders $all by commit, then prepare, and both are below 2^63 (signed 64-bit on the server),
 * so the tag bit keeps that order and sets KurrentDB positions apart from PostgreSQL ones.
 */
export function fromKurrentPosition(position: KurrentPosition): Position {
  if (position.commit < 0n || position.commit >= KURRENTDB_POSITION_TAG || position.prepare < 0n || position.prepare >= KURRENTDB_POSITION_TAG) {
    throw new RangeError(`KurrentDB position out of range: ${position.commit}/${position.prepare}`);
  }
  return encodePosition(position.commit | KURRENTDB_POSITION_TAG, position.prepare);
}

/** The KurrentDB position a checkpoint stands for; undefined for `START`. Refuses PostgreSQL positions. */
export function toKurrentPosition(position: Position): KurrentPosition | undefined {
  if (position === START) return undefined;
  assertPositionKind(position, 'kurrentdb');
  const { major, minor } = decodePosition(position);
  return { commit: major & ~KURRENTDB_POSITION_TAG, prepare: minor };
}
