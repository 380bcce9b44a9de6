import { types } from 'pg';
import { iso, isoTimestamp } from './sql';

/** What the readers answered before: pg's Date, printed by iso(). */
const throughDate = (text: string) => iso(types.getTypeParser(1184, 'text')(text));

describe('timestamps answered as ISO strings', () => {
  it.each([
    '2026-12-03 09:45:34+00',
    '2026-12-03 09:45:34.1+00',
    '2026-12-03 09:45:34.12+00',
    '2026-12-03 09:45:34.123+00',
    '2026-12-03 09:45:34.123999+00',
    '2026-12-03 09:45:34.000001+00',
    '1970-01-01 00:00:00+00',
    '2024-02-29 23:59:59.999999+00',
    // Not a UTC session, a year of five digits, before Christ, infinity: pg's parser, as before.
    '2026-12-03 16:45:34.5+07',
    '2026-12-03 04:15:34.5-05:30',
    '10000-01-01 00:00:00+00',
    '0044-03-15 12:00:00+00 BC',
    'infinity',
    '-infinity',
  ])('%s is the string the Date gave', (text) => {
    expect(isoTimestamp(text)).toBe(throughDate(text));
  });

  it('is the string the Date gave for many instants, at every precision PostgreSQL prints', () => {
    let seed = 11;
    for (let n = 0; n < 5000; n++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = (seed % 2_000_000) * 1_000_003;
      const micros = String(seed % 1_000_000).padStart(6, '0').replace(/0+$/, '');
      const [date, time] = new Date(ms).toISOString().slice(0, 19).split('T');
      const text = `${date} ${time}${micros ? `.${micros}` : ''}+00`;
      expect(isoTimestamp(text)).toBe(throughDate(text));
    }
  });
});
