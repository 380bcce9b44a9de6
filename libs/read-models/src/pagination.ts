import type { CursorCodec, CursorKey, CursorPart } from './cursor';

export interface PageRequest {
  limit: number;
  /** A `nextCursor` a previous page returned. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetches `limit + 1` rows to know whether another page follows; the cursor is the last row's key. */
export function pageOf<Row, T, S extends readonly CursorPart[]>(
  rows: Row[],
  limit: number,
  cursor: CursorCodec<S>,
  key: (row: Row) => CursorKey<S>,
  toItem: (row: Row) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > limit && last !== undefined ? cursor.encode(key(last)) : null };
}

/** Collects SQL conditions with numbered parameters. */
export class Conditions {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  add(sql: (param: string) => string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.values.push(value);
    this.parts.push(sql(`$${this.values.length}`));
    return this;
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  get where(): string {
    return this.whereWith([]);
  }

  /** The WHERE clause with `extra` conditions after these (their parameters bound by `param`). */
  whereWith(extra: string[]): string {
    const parts = [...this.parts, ...extra];
    return parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
  }
}
