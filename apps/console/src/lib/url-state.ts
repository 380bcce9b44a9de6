import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters, kept in the URL (shareable, survives reload): `?status=nominated&q=nuoc`.
 * Setting a filter drops the page cursor, so a new filter starts from page one.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]): [Record<K, string>, (next: Partial<Record<K, string>>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>, [params, keys]);
  const set = useCallback(
    (next: Partial<Record<K, string>>) => {
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(next) as [string, string | undefined][]) {
            if (v) p.set(k, v);
            else p.delete(k);
          }
          if (!('cursor' in next)) {
            p.delete('cursor');
            p.delete('back');
          }
          return p;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [filters, set];
}

export interface SavedView {
  name: string;
  /** The query string of the view (`status=nominated&q=...`). */
  search: string;
}

const key = (userId: string, screen: string) => `laurel.views.${userId}.${screen}`;

/** A user's saved views of one screen (localStorage: filters, never data). */
export function loadViews(userId: string, screen: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(userId, screen)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as SavedView[]).filter((v) => typeof v?.name === 'string' && typeof v?.search === 'string') : [];
  } catch {
    return [];
  }
}

export function storeViews(userId: string, screen: string, views: SavedView[]): void {
  localStorage.setItem(key(userId, screen), JSON.stringify(views));
}
