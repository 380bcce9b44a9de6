import { assertPositionKind, comparePositions, encodePosition, InvalidPosition, positionKind, START } from '../position';
import { fromKurrentPosition, toKurrentPosition } from './positions';

const MAX_I63 = (1n << 63n) - 1n;

describe('KurrentDB positions as opaque checkpoints', () => {
  it('round-trips (commit, prepare) through the opaque checkpoint', () => {
    for (const p of [{ commit: 0n, prepare: 0n }, { commit: 1234n, prepare: 1200n }, { commit: MAX_I63, prepare: MAX_I63 }]) {
      expect(toKurrentPosition(fromKurrentPosition(p))).toEqual(p);
    }
  });

  it('orders checkpoints as KurrentDB orders $all: by commit, then prepare', () => {
    const positions = [
      { commit: 10n, prepare: 9n },
      { commit: 10n, prepare: 10n },
      { commit: 11n, prepare: 0n },
      { commit: 4096n, prepare: 4000n },
      { commit: 1n << 40n, prepare: 5n },
      { commit: MAX_I63, prepare: 0n },
    ];
    const encoded = positions.map(fromKurrentPosition);
    for (let i = 0; i < encoded.length; i++) {
      for (let j = 0; j < encoded.length; j++) {
        expect(Math.sign(comparePositions(encoded[i], encoded[j]))).toBe(Math.sign(i - j));
      }
    }
  });

  it('sorts every KurrentDB position after every PostgreSQL and in-memory position, and tells them apart', () => {
    const kurrent = fromKurrentPosition({ commit: 0n, prepare: 0n });
    // The largest PostgreSQL positions: a transaction id in epoch 2^31 - 1, and the head (horizon - 1, max bigint).
    const postgres = [encodePosition(((1n << 31n) - 1n) << 32n, MAX_I63), encodePosition(123456n, MAX_I63), encodePosition(0n, 42n)];
    for (const p of postgres) {
      expect(comparePositions(p, kurrent)).toBeLessThan(0);
      expect(positionKind(p)).toBe('postgres');
    }
    expect(positionKind(kurrent)).toBe('kurrentdb');
    expect(positionKind(START)).toBe('start');
  });

  it('refuses a PostgreSQL checkpoint given to the KurrentDB store, and a KurrentDB one given to PostgreSQL', () => {
    expect(() => toKurrentPosition(encodePosition(77n, 3n))).toThrow(InvalidPosition);
    expect(() => assertPositionKind(fromKurrentPosition({ commit: 5n, prepare: 5n }), 'postgres')).toThrow(/KurrentDB position given to the PostgreSQL/);
    expect(() => assertPositionKind(START, 'postgres')).not.toThrow();
  });

  it('reads START as the beginning of $all', () => {
    expect(toKurrentPosition(START)).toBeUndefined();
  });

  it('refuses positions KurrentDB cannot issue (negative, or 2^63 and above)', () => {
    expect(() => fromKurrentPosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => fromKurrentPosition({ commit: 1n << 63n, prepare: 0n })).toThrow(RangeError);
  });
});
