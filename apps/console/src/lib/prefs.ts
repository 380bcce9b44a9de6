import { useSyncExternalStore } from 'react';
import { i18next, type Language } from './i18n';

/** The viewer's language and time zone: kept in localStorage (no secret), Vietnamese and Hanoi by default. */
export interface Preferences {
  language: Language;
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const TIME_ZONES = ['Asia/Ho_Chi_Minh', 'UTC', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/Paris', 'America/New_York'];
const KEY = 'laurel.preferences';

function load(): Preferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
    return { language: stored.language === 'en' ? 'en' : 'vi', timeZone: stored.timeZone && TIME_ZONES.includes(stored.timeZone) ? stored.timeZone : DEFAULT_TIME_ZONE };
  } catch {
    return { language: 'vi', timeZone: DEFAULT_TIME_ZONE };
  }
}

let prefs = load();
const listeners = new Set<() => void>();
void i18next.changeLanguage(prefs.language);
document.documentElement.lang = prefs.language;

export function setPreferences(next: Partial<Preferences>): void {
  prefs = { ...prefs, ...next };
  localStorage.setItem(KEY, JSON.stringify(prefs));
  void i18next.changeLanguage(prefs.language);
  document.documentElement.lang = prefs.language;
  for (const l of listeners) l();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => prefs,
  );
}

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** An instant in the viewer's language and time zone, with the zone named. */
export function formatDateTime(iso: string | null | undefined, p: Preferences, withZone = true): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // dateStyle/timeStyle cannot be combined with timeZoneName (Intl throws a TypeError): name the parts.
  return new Intl.DateTimeFormat(LOCALES[p.language], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: p.timeZone, ...(withZone ? { timeZoneName: 'short' } : {}) }).format(date);
}

export function formatDate(iso: string | null | undefined, p: Preferences): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[p.language], { dateStyle: 'medium', timeZone: p.timeZone }).format(date);
}

export function formatNumber(n: number, p: Preferences, digits = 0): string {
  return new Intl.NumberFormat(LOCALES[p.language], { maximumFractionDigits: digits }).format(n);
}

/** The hook form: `const fmt = useFormat(); fmt.dateTime(iso)`. */
export function useFormat() {
  const p = usePreferences();
  return {
    prefs: p,
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, p),
    date: (iso: string | null | undefined) => formatDate(iso, p),
    number: (n: number, digits = 0) => formatNumber(n, p, digits),
  };
}
