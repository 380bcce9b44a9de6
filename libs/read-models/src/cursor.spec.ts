import { cursorCodec, InvalidCursor, MAX_CURSOR_LENGTH } from './cursor';

const raw = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('the cursor codec', () => {
  const queue = cursorCodec('timestamp', 'string', 'string');
  const list = cursorCodec('bigint');
  const audit = cursorCodec('position');
  const counted = cursorCodec({ int: [0, 1000] });
  const window = cursorCodec('microtime', 'position');

  it('decodes what it encoded', () => {
    const key = ['2026-05-01T10:00:00.000Z', 'initiative-1', 'review-1'] as [string, string, string];
    expect(queue.decode(queue.encode(key))).toEqual(key);
    expect(list.decode(list.encode(['9223372036854775807']))).toEqual(['9223372036854775807']);
    expect(audit.decode(audit.encode(['0000000000000a1b000000000000002c' as never]))).toEqual(['0000000000000a1b000000000000002c']);
    expect(counted.decode(counted.encode([7]))).toEqual([7]);
    expect(window.decode(window.encode(['2026-05-01T10:00:00.123456Z', '0000000000000a1b000000000000002c' as never]))).toEqual(['2026-05-01T10:00:00.123456Z', '0000000000000a1b000000000000002c']);
  });

  it('is opaque: base64url only', () => {
    expect(list.encode(['42'])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  const crafted: [string, string, { decode(cursor: string): unknown }][] = [
    ['a NUL in a string', raw([1, '2026-05-01T10:00:00.000Z', '\u0000', 'r']), queue],
    ['a control character in a string', raw([1, '2026-05-01T10:00:00.000Z', 'a\u0007', 'r']), queue],
    ['a lone surrogate', raw([1, '2026-05-01T10:00:00.000Z', '\ud800', 'r']), queue],
    ['an empty string', raw([1, '2026-05-01T10:00:00.000Z', '', 'r']), queue],
    ['an overlong string', raw([1, '2026-05-01T10:00:00.000Z', 'x'.repeat(201), 'r']), queue],
    ['a non-date where a date belongs', raw([1, 'yesterday', 'i', 'r']), queue],
    ['a date that does not exist', raw([1, '2026-02-30T10:00:00.000Z', 'i', 'r']), queue],
    ['a date without its zone', raw([1, '2026-05-01T10:00:00', 'i', 'r']), queue],
    ['32 hex digits where a bigint belongs', raw([1, '0123456789abcdef0123456789abcdef']), list],
    ['a bigint beyond int8', raw([1, '9223372036854775808']), list],
    ['a huge number', raw([1, 1e308]), list],
    ['a number instead of a decimal string', raw([1, 42]), list],
    ['a negative bigint', raw([1, '-1']), list],
    ['milliseconds where microseconds belong', raw([1, '2026-05-01T10:00:00.123Z', '0000000000000a1b000000000000002c']), window],
    ['a microsecond instant that does not exist', raw([1, '2026-02-30T10:00:00.123456Z', '0000000000000a1b000000000000002c']), window],
    ['a microsecond instant without its zone', raw([1, '2026-05-01T10:00:00.123456', '0000000000000a1b000000000000002c']), window],
    ['a position beyond the bigint half', raw([1, '0000000000000001ffffffffffffffff']), audit],
    ['a position of 31 digits', raw([1, '0000000000000001fffffffffffffff']), audit],
    ['the empty position', raw([1, '']), audit],
    ['an integer out of bounds', raw([1, 1001]), counted],
    ['a fraction where an integer belongs', raw([1, 1.5]), counted],
    ['an unsafe integer', raw([1, 2 ** 60]), cursorCodec({ int: [0, Number.MAX_VALUE] })],
    ['the wrong arity (short)', raw([1, '2026-05-01T10:00:00.000Z', 'i']), queue],
    ['the wrong arity (long)', raw([1, '1', '2']), list],
    ['no version tag', raw(['42']), list],
    ['another version', raw([2, '42']), list],
    ['an object instead of a tuple', raw({ 0: 1, 1: '42' }), list],
    ['a tuple of the wrong types', raw([1, null, ['x'], { a: 1 }]), queue],
    ['not JSON', Buffer.from('not json').toString('base64url'), list],
    ['not UTF-8', Buffer.from([0x5b, 0x31, 0x2c, 0x22, 0xff, 0x22, 0x5d]).toString('base64url'), cursorCodec('string')],
    ['not base64url', '!!!', list],
    ['base64 with padding', `${raw([1, '42'])}==`, list],
    ['a non-canonical base64url spelling', `${raw([1, '42']).slice(0, -1)}${String.fromCharCode(raw([1, '42']).slice(-1).charCodeAt(0) + 1)}`, list],
    ['an overlong cursor', 'A'.repeat(MAX_CURSOR_LENGTH + 1), list],
    ['the empty cursor', '', list],
  ];

  it.each(crafted)('refuses %s as an InvalidCursor', (_label, cursor, codec) => {
    expect(() => codec.decode(cursor)).toThrow(InvalidCursor);
  });
});
