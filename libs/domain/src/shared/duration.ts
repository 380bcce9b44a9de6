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
  return date.toISOString();
};

const isWeekend = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/**
 * Adds working days (Monday to Friday, UTC). Public holidays are not modelled here;
 * pass them in `holidays` (YYYY-MM-DD) when the calendar matters.
 */
export const addWorkingDays = (instant: string, days: number, holidays: readonly string[] = []): string => {
  const date = new Date(instant);
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    date.setUTCDate(date.getUTCDate() + step);
    if (!isWeekend(date) && !holidays.includes(date.toISOString().slice(0, 10))) remaining -= 1;
  }
  return date.toISOString();
};

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
