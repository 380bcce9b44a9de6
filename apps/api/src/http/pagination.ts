import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** `?limit=&cursor=&minPosition=` (api.md): a page, once the list has caught up with `minPosition`. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size (default ${DEFAULT_PAGE_SIZE})`, example: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor must be a nextCursor from a previous page' }) cursor?: string;
  /** A position a command returned: the list waits (bounded, then 503) until it includes that write. */
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the list waits (bounded, then 503) until it includes that write' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of a small in-memory list, ordered by `key`. The cursor is the last key returned, so
 * items added or filtered out between requests never shift a page.
 */
export function paginate<T>(items: readonly T[], key: (item: T) => string, query: Pick<PageQuery, 'limit' | 'cursor'>): Page<T> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(key(item), after) > 0);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > limit && last !== undefined ? Buffer.from(key(last), 'utf8').toString('base64url') : null };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || Buffer.from(key, 'utf8').toString('base64url') !== cursor) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor', messages: ['cursor must be a nextCursor from a previous page'] }] });
  }
  return key;
}
