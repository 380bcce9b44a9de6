export interface PageRequest {
  limit: number;
  /** A `nextCursor` a previous page returned. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset cursor: the sort key of the last item returned, opaque to clients. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key inside a cursor, or undefined when it is not one this service issued. */
export function decodeCursor(cursor: string, parts: number): string[] | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string')) return key as string[];
  } catch {
    // not JSON: not a cursor of ours
  }
  return undefined;
}

export class InvalidCursor extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor() {
    super('cursor must be a nextCursor from a previous page');
  }
}

/** Fetches `limit + 1` rows to know whether another page follows; the cursor is the last row's key. */
export function pageOf<Row, T>(rows: Row[], limit: number, key: (row: Row) => string[], toItem: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
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
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
