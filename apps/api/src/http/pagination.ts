import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { cursorCodec, MAX_CURSOR_LENGTH } from '@laurel/read-models';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
/** What a cursor looks like before it is decoded (the codec checks the rest). */
export const CURSOR_SYNTAX = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}$`);

/** `?limit=&cursor=&minPosition=` (api.md): a page, once the list has caught up with `minPosition`. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size (default ${DEFAULT_PAGE_SIZE})`, example: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  @IsOptional() @Matches(CURSOR_SYNTAX, { message: 'cursor must be a nextCursor from a previous page' }) cursor?: string;
  /** A position a command returned: the list waits (bounded, then 503) until it includes that write. */
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the list waits (bounded, then 503) until it includes that write' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The key of the last item returned (an id). */
const KEY_CURSOR = cursorCodec('string');
/** The last row of a bigserial-ordered list (inbox, dead letters): its id. */
export const SEQ_CURSOR = cursorCodec('bigint');

/**
 * One page of a small in-memory list, ordered by `key`. The cursor is the last key returned, so
 * items added or filtered out between requests never shift a page. A malformed cursor is an
 * InvalidCursor: the problem filter answers 400 VALIDATION_FAILED for the field `cursor`.
 */
export function paginate<T>(items: readonly T[], key: (item: T) => string, query: Pick<PageQuery, 'limit' | 'cursor'>): Page<T> {
  const after = query.cursor === undefined ? undefined : KEY_CURSOR.decode(query.cursor)[0];
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(key(item), after) > 0);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > limit && last !== undefined ? KEY_CURSOR.encode([key(last)]) : null };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
