import { addDuration, addPeriod, addWorkingDays, meets, parseDuration, parseFraction } from '../src';

describe('ISO 8601 durations', () => {
  it.each([
    ['P10D', '2025-03-03T09:00:00.000Z', '2025-03-13T09:00:00.000Z'],
    ['PT36H', '2025-03-03T09:00:00.000Z', '2025-03-04T21:00:00.000Z'],
    ['P1W', '2025-03-03T09:00:00.000Z', '2025-03-10T09:00:00.000Z'],
    ['-P2D', '2025-03-03T09:00:00.000Z', '2025-03-01T09:00:00.000Z'],
    ['P1M', '2025-01-31T00:00:00.000Z', '2025-03-03T00:00:00.000Z'],
    ['P1DT30M', '2025-03-03T09:00:00.000Z', '2025-03-04T09:30:00.000Z'],
  ])('%s added to %s is %s', (duration, from, expected) => {
    expect(addDuration(from, duration)).toBe(expected);
  });

  it.each(['P', 'PT', '10D', 'P1.5D', 'PXD', ''])('"%s" is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('working days skip weekends and listed holidays', () => {
    expect(addWorkingDays('2025-03-07T09:00:00.000Z', 1)).toBe('2025-03-10T09:00:00.000Z'); // Friday → Monday
    expect(addWorkingDays('2025-04-28T09:00:00.000Z', 3, ['2025-04-30', '2025-05-01'])).toBe('2025-05-05T09:00:00.000Z');
    expect(addPeriod('2025-03-03T09:00:00.000Z', 'P10D', true)).toBe('2025-03-17T09:00:00.000Z');
  });
});

describe('fractions', () => {
  it('compares exactly, strictly or not, and never passes on an empty base', () => {
    const twoThirds = parseFraction('2/3');
    const ninety = parseFraction('90%');
    if (!twoThirds || !ninety) throw new Error('parse');
    expect(meets(2, 3, twoThirds, false)).toBe(true);
    expect(meets(3, 5, twoThirds, false)).toBe(false);
    expect(meets(9, 10, ninety, false)).toBe(true);
    expect(meets(9, 10, ninety, true)).toBe(false);
    expect(meets(0, 0, twoThirds, false)).toBe(false);
    expect(parseFraction('4/3')).toBeUndefined();
  });
});
