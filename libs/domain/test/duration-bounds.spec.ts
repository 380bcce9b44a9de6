import { addDuration, addPeriod, addWorkingDays, definitionProblems, DomainErrorCode, durationProblem, initiativeDecider, initiativeRecognition, isWithinMaxPeriod, MAX_PERIOD_DAYS, MAX_WORKING_DAYS, walkWorkingDays, type DefinitionDraft } from '../src';
import { asPublished, Journey, NOW, secretary } from './fixtures';
import { deciderSpec } from './given-when-then';
import { path, TO_RECOMMENDED, TO_REVIEW } from './steps';

/** initiative-recognition with the given durations: the review period, the consultation, a start timer and the reminder's offset. */
const withDurations = (d: { reviewPeriod: string; consultationPeriod: string; after: string; offset: string }): DefinitionDraft => {
  const draft = JSON.parse(JSON.stringify(initiativeRecognition)) as DefinitionDraft;
  draft.parameters = { ...draft.parameters, reviewPeriod: d.reviewPeriod, consultationPeriod: d.consultationPeriod, consultationInWorkingDays: true };
  draft.start = { ...draft.start, timers: [{ name: 'selfAssessmentDeadline', after: d.after }] };
  for (const stage of draft.stages) {
    if (stage.kind !== 'active') continue;
    for (const t of stage.transitions) for (const timer of t.timers ?? []) if ('at' in timer && timer.offset) (timer as { offset: string }).offset = d.offset;
  }
  return draft;
};

/** The day-by-day count addWorkingDays replaced: the reference its arithmetic must agree with. */
const naiveWorkingDays = (instant: string, days: number, holidays: readonly string[]): string => {
  const date = new Date(instant);
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    date.setUTCDate(date.getUTCDate() + step);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    if (!weekend && !holidays.includes(date.toISOString().slice(0, 10))) remaining -= 1;
  }
  return date.toISOString();
};

/** A small deterministic generator (mulberry32): the same cases on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

describe('duration bounds', () => {
  it(`a period longer than ${MAX_PERIOD_DAYS} days (5 years) is refused, however it is spelled`, () => {
    for (const text of ['P300000Y', 'P6Y', 'P61M', 'P262W', 'P1831D', 'PT43945H', 'P12000000D', 'P99999999999999999999999D', '-P300000Y', 'P5Y1M', 'P4Y13M']) {
      expect(durationProblem(text)).toMatch(/longer than 1830 days/);
    }
    for (const text of ['P5Y', 'P60M', 'P1830D', 'P261W', 'PT43920H', 'P14D', '-P2D', 'PT36H']) expect(durationProblem(text)).toBeUndefined();
  });

  it(`a consultation counted in working days has at most ${MAX_WORKING_DAYS} of them`, () => {
    expect(durationProblem('P365D', { workingDays: true })).toBeUndefined();
    expect(durationProblem('P73W', { workingDays: true })).toBeUndefined();
    expect(durationProblem('P366D', { workingDays: true })).toMatch(/more than 365 working days/);
    expect(durationProblem('P12000000D', { workingDays: true })).toBeDefined();
    expect(durationProblem('P74W', { workingDays: true })).toMatch(/working days/);
  });

  it('what is not an ISO 8601 duration is said so', () => {
    for (const text of ['', 'P', 'PT', '10 days', 'P1.5D', 'P-1D', 42, null, undefined]) expect(durationProblem(text)).toBe('is not an ISO 8601 duration');
  });

  it('a deadline from a request lies at most five years ahead', () => {
    const now = '2026-01-01T00:00:00.000Z';
    expect(isWithinMaxPeriod(now, addDuration(now, 'P1830D'))).toBe(true);
    expect(isWithinMaxPeriod(now, addDuration(now, 'P1831D'))).toBe(false);
    expect(isWithinMaxPeriod(now, '9999-12-31T23:59:59.999Z')).toBe(false);
  });

  it('date arithmetic that leaves the calendar is a VALIDATION_FAILED, never an Invalid Date', () => {
    expect(() => addDuration('2026-01-01T00:00:00.000Z', 'P300000Y')).toThrow(expect.objectContaining({ code: DomainErrorCode.VALIDATION_FAILED }));
    expect(() => addWorkingDays('2026-01-01T00:00:00.000Z', 2 ** 50)).toThrow(expect.objectContaining({ code: DomainErrorCode.VALIDATION_FAILED }));
  });
});

describe('durations are bounded at publish', () => {
  it('a definition with every duration at its largest accepted value can be published', () => {
    expect(definitionProblems(withDurations({ reviewPeriod: 'P5Y', consultationPeriod: `P${MAX_WORKING_DAYS}D`, after: 'P1830D', offset: '-P1830D' }))).toEqual([]);
  });

  it('a definition with a review period, consultation, timer or offset beyond the bounds is invalid, naming each', () => {
    const problems = definitionProblems(withDurations({ reviewPeriod: 'P300000Y', consultationPeriod: 'P12000000D', after: 'P300000Y', offset: '-P6Y' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parameters\.reviewPeriod "P300000Y" is longer than 1830 days/),
        expect.stringMatching(/^parameters\.consultationPeriod "P12000000D" is longer than/),
        expect.stringMatching(/\(start\) --register-->: timer "selfAssessmentDeadline" after "P300000Y" is longer than/),
        expect.stringMatching(/timer "reviewReminder" offset "-P6Y" is longer than/),
      ]),
    );
    expect(definitionProblems(withDurations({ reviewPeriod: 'P14D', consultationPeriod: 'P366D', after: 'P1D', offset: '-P1D' }))).toEqual([
      'parameters.consultationPeriod "P366D" counts more than 365 working days',
    ]);
  });
});

describe('working days counted in bounded time', () => {
  it('equal the day-by-day count on many random cases, holidays and negative counts included', () => {
    const next = random(9);
    const base = Date.parse('2024-01-01T00:00:00.000Z');
    for (let i = 0; i < 3000; i++) {
      const start = new Date(base + Math.floor(next() * 3 * 365 * 86_400_000)).toISOString();
      const days = Math.floor(next() * 80) - 20;
      const holidays = Array.from({ length: Math.floor(next() * 25) }, () => new Date(Date.parse(start) + Math.floor((next() * 140 - 35) * 86_400_000)).toISOString().slice(0, 10));
      if (next() < 0.1) holidays.push('not-a-date', '2025-02-30', holidays[0] ?? '2024-05-01');
      expect([start, days, holidays, addWorkingDays(start, days, holidays)]).toEqual([start, days, holidays, naiveWorkingDays(start, days, holidays)]);
    }
  });

  it('runs of consecutive holidays, holidays on weekends and on the start day change the count as the day-by-day walk does', () => {
    const start = '2025-04-25T17:30:00.000Z'; // a Friday
    const cases: [number, string[]][] = [
      [1, ['2025-04-28', '2025-04-29', '2025-04-30', '2025-05-01', '2025-05-02']],
      [3, ['2025-04-26', '2025-04-27', '2025-04-25']],
      [5, ['2025-05-02']],
      [-3, ['2025-04-24', '2025-04-23']],
      [10, ['2025-05-01', '2025-05-01', '2025-05-09']],
    ];
    for (const [days, holidays] of cases) expect(addWorkingDays(start, days, holidays)).toBe(naiveWorkingDays(start, days, holidays));
  });

  it(`the largest accepted consultation (${MAX_WORKING_DAYS} working days, a holiday every week) is counted in bounded work: a pass for each holiday walked over, at most a week of steps a pass`, () => {
    const holidays = Array.from({ length: 80 }, (_, i) => new Date(Date.parse('2026-01-07T00:00:00.000Z') + i * 7 * 86_400_000).toISOString().slice(0, 10));
    const start = '2026-01-05T09:00:00.000Z';
    const walk = walkWorkingDays(start, MAX_WORKING_DAYS, holidays);
    expect(walk.end).toBe(naiveWorkingDays(start, MAX_WORKING_DAYS, holidays));
    expect(addPeriod(start, `P${MAX_WORKING_DAYS}D`, true, holidays)).toBe(walk.end);
    const walkedOver = holidays.filter((h) => h > start.slice(0, 10) && h <= walk.end.slice(0, 10)).length;
    expect(walkedOver).toBeGreaterThan(60);
    expect(walk.passes).toBeLessThanOrEqual(walkedOver + 1);
    expect(walk.steps).toBeLessThanOrEqual(7 * walk.passes);
    // The day-by-day walk takes one step per calendar day: over 500 here.
    expect(walk.steps).toBeLessThan(MAX_WORKING_DAYS);
  });

  it('a count of millions of working days without holidays takes one pass of at most a week of steps', () => {
    const walk = walkWorkingDays('2000-01-03T00:00:00.000Z', 2_000_000);
    expect(walk.passes).toBe(1);
    expect(walk.steps).toBeLessThanOrEqual(7);
    expect(walk.end).toBe(naiveWorkingDays('2000-01-03T00:00:00.000Z', 2_000_000, []));
  });
});

describe('durations that arrive with a command', () => {
  const recognition = asPublished(initiativeRecognition);
  const spec = deciderSpec(initiativeDecider);
  const ahead = (duration: string) => addDuration(NOW, duration);

  it("a review's deadline given in a request lies at most five years ahead", () => {
    const j = path(new Journey(recognition), TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', deadline: ahead('P1830D') } }, j.context(secretary)).thenTypes(['ReviewOpened', 'StageChanged']);
    for (const deadline of [ahead('P1831D'), '9999-12-31T23:59:59Z']) {
      spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', deadline } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED, /at most 5 years ahead/);
    }
  });

  it("a consultation's closing time given in a request lies at most five years ahead", () => {
    const j = path(new Journey(recognition), TO_RECOMMENDED);
    spec.given(j.events).when({ type: 'openConsultation', data: { consultationId: 'k1', closesAt: ahead('P1830D') } }, j.context(secretary)).thenTypes(['ConsultationOpened', 'StageChanged']);
    spec.given(j.events).when({ type: 'openConsultation', data: { consultationId: 'k1', closesAt: '9999-12-31T23:59:59Z' } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('under a definition stored before the bounds, a period off the calendar refuses the command (400), it does not crash', () => {
    const unbounded = asPublished({ ...initiativeRecognition, parameters: { ...initiativeRecognition.parameters, reviewPeriod: 'P300000Y' } });
    const j = path(new Journey(unbounded), TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1' } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED, /beyond the calendar/);
  });
});
