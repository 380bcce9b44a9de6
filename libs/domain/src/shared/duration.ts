import { DomainErrorCode, fail } from './errors';

/** ISO 8601 durations (P10D, PT36H, P1W, -P2D) and calendar arithmetic, in UTC. */
export interface Duration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Returns undefined for anything that is not a non-empty ISO 8601 duration. */
export const parseDuration = (text: string): Duration | undefined => {
  const match = PATTERN.exec(text);
  if (!match || text.endsWith('P') || text.endsWith('T')) return undefined;
  const [, minus, y, mo, w, d, h, mi, s] = match;
  const num = (part: string | undefined): number => (part === undefined ? 0 : Number(part));
  return {
    sign: minus ? -1 : 1,
    years: num(y),
    months: num(mo),
    weeks: num(w),
    days: num(d),
    hours: num(h),
    minutes: num(mi),
    seconds: num(s),
  };
};

export const isDuration = (text: unknown): text is string =>
  typeof text === 'string' && parseDuration(text) !== undefined;

/**
 * The longest period Laurel accepts, from a definition (reviewPeriod, consultationPeriod, a timer's
 * `after` or `offset`) or a request (a review's deadline, a consultation's closesAt): five years,
 * counted as 366-day years. The longest real period is a title's cycle (a year, a five-year term at
 * most); anything longer is a typo, and unbounded ones ran dates off the calendar (Invalid Date, 500).
 */
export const MAX_PERIOD_DAYS = 5 * 366;
/** A consultation counted in working days: at most a year's worth (about 14 months of calendar). */
export const MAX_WORKING_DAYS = 365;
const DAY_MS = 86_400_000;

/** Calendar days a duration spans at most (years as 366 days, months as a twelfth of that): what the bound compares. */
const longestSpanDays = (d: Duration): number => d.years * 366 + d.months * 30.5 + d.weeks * 7 + d.days + (d.hours * 3600 + d.minutes * 60 + d.seconds) / 86_400;

/**
 * Why `text` is not a duration Laurel accepts (not ISO 8601, longer than MAX_PERIOD_DAYS, or more
 * than MAX_WORKING_DAYS when counted in working days), or undefined when it is one. Negative
 * durations (offsets before an anchor) are bounded the same way.
 */
export const durationProblem = (text: unknown, { workingDays = false } = {}): string | undefined => {
  const d = typeof text === 'string' ? parseDuration(text) : undefined;
  if (!d) return 'is not an ISO 8601 duration';
  if (!(longestSpanDays(d) <= MAX_PERIOD_DAYS)) return `is longer than ${MAX_PERIOD_DAYS} days (5 years), the longest period Laurel accepts`;
  if (workingDays && !(d.weeks * 5 + d.days <= MAX_WORKING_DAYS)) return `counts more than ${MAX_WORKING_DAYS} working days`;
  return undefined;
};

/** Whether `instant` lies at most MAX_PERIOD_DAYS after `now` (a deadline or closing time from a request). */
export const isWithinMaxPeriod = (now: string, instant: string): boolean => Date.parse(instant) - Date.parse(now) <= MAX_PERIOD_DAYS * DAY_MS;

/** A date arithmetic result, or a 400 when it left the calendar (a period published before the bounds). */
const onCalendar = (date: Date, what: string): string => {
  if (!Number.isFinite(date.getTime())) fail(DomainErrorCode.VALIDATION_FAILED, `${what} reaches beyond the calendar`);
  return date.toISOString();
};

const requireDuration = (text: string): Duration => {
  const duration = parseDuration(text);
  if (!duration) throw new RangeError(`Not an ISO 8601 duration: ${text}`);
  return duration;
};

/** Adds a duration to an ISO instant; months and years follow the calendar. */
export const addDuration = (instant: string, text: string): string => {
  const d = requireDuration(text);
  const date = new Date(instant);
  const k = d.sign;
  date.setUTCFullYear(date.getUTCFullYear() + k * d.years, date.getUTCMonth() + k * d.months);
  date.setUTCDate(date.getUTCDate() + k * (d.weeks * 7 + d.days));
  date.setTime(date.getTime() + k * ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  return onCalendar(date, `${instant} plus ${text}`);
};

/** UTC day number (days since 1970-01-01, a Thursday) and its weekend. */
const isWeekendDay = (day: number): boolean => {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
};

/**
 * `day` moved by `n` > 0 weekdays in direction `step`: whole weeks at once (7 days hold 5 weekdays), then at most
 * a week day by day. Returns the day and the day-by-day steps taken (at most 7, whatever `n`).
 */
const addWeekdays = (day: number, n: number, step: 1 | -1): { day: number; steps: number } => {
  const weeks = Math.floor((n - 1) / 5);
  let d = day + step * weeks * 7;
  let remaining = n - weeks * 5;
  let steps = 0;
  while (remaining > 0) {
    d += step;
    steps += 1;
    if (!isWeekendDay(d)) remaining -= 1;
  }
  return { day: d, steps };
};

/** The holidays as sorted, distinct UTC day numbers of weekdays (a holiday on a weekend changes nothing). */
const holidayDays = (holidays: readonly string[]): number[] => {
  const days = new Set<number>();
  for (const h of holidays) {
    const time = /^\d{4}-\d{2}-\d{2}$/.test(h) ? Date.parse(`${h}T00:00:00Z`) : NaN;
    if (Number.isFinite(time) && new Date(time).toISOString().startsWith(h) && !isWeekendDay(time / DAY_MS)) days.add(time / DAY_MS);
  }
  return [...days].sort((a, b) => a - b);
};

/** How many of the sorted `days` lie in [from, to]. */
const countWithin = (days: readonly number[], from: number, to: number): number => {
  const firstAtOrAfter = (x: number): number => {
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return firstAtOrAfter(to + 1) - firstAtOrAfter(from);
};

/** The end of a working-day count and the work it took: `steps` day-by-day steps over `passes` passes. */
export interface WorkingDaysWalk {
  readonly end: string;
  readonly passes: number;
  readonly steps: number;
}

/**
 * Counts working days (Monday to Friday, UTC) and says how much work the count took. Bounded whatever the count:
 * week arithmetic, then one more pass for each holiday inside the window (each holiday that falls in it pushes the
 * end out by a working day, which may take in further holidays); each pass takes at most 7 day-by-day steps.
 */
export const walkWorkingDays = (instant: string, days: number, holidays: readonly string[] = []): WorkingDaysWalk => {
  const start = new Date(instant);
  if (!Number.isFinite(start.getTime()) || !Number.isSafeInteger(days)) fail(DomainErrorCode.VALIDATION_FAILED, `${days} working days from ${instant} is not a date`);
  if (days === 0) return { end: start.toISOString(), passes: 0, steps: 0 };
  const step = days < 0 ? -1 : 1;
  const startDay = Math.floor(start.getTime() / DAY_MS);
  const timeOfDay = start.getTime() - startDay * DAY_MS;
  const closed = holidayDays(holidays);
  let from = startDay;
  let remaining = Math.abs(days);
  let passes = 0;
  let steps = 0;
  for (;;) {
    const moved = addWeekdays(from, remaining, step);
    passes += 1;
    steps += moved.steps;
    // The holidays just walked over were counted as working days: walk that many more.
    const skipped = step > 0 ? countWithin(closed, from + 1, moved.day) : countWithin(closed, moved.day, from - 1);
    from = moved.day;
    if (skipped === 0) break;
    remaining = skipped;
  }
  return { end: onCalendar(new Date(from * DAY_MS + timeOfDay), `${days} working days from ${instant}`), passes, steps };
};

/**
 * Adds working days (Monday to Friday, UTC). Public holidays are not modelled here;
 * pass them in `holidays` (YYYY-MM-DD) when the calendar matters. Bounded time whatever the count (see walkWorkingDays).
 */
export const addWorkingDays = (instant: string, days: number, holidays: readonly string[] = []): string => walkWorkingDays(instant, days, holidays).end;

/**
 * Adds a period that may be counted in working days: with `workingDays`, the day
 * and week parts count Monday to Friday only (public posting periods are set so).
 */
export const addPeriod = (instant: string, period: string, workingDays = false, holidays: readonly string[] = []): string => {
  if (!workingDays) return addDuration(instant, period);
  const d = requireDuration(period);
  const dayPart = d.sign * (d.weeks * 5 + d.days);
  const rest = `${d.sign < 0 ? '-' : ''}P${d.years}Y${d.months}MT${d.hours}H${d.minutes}M${d.seconds}S`;
  return addDuration(addWorkingDays(instant, dayPart, holidays), rest);
};

export const isAtOrAfter = (instant: string, reference: string): boolean =>
  Date.parse(instant) >= Date.parse(reference);
