import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { ReadDatabase } from '@laurel/infra';
import { EVENT_STORE, isPosition, maxPosition, START, type EventStore, type Position } from '@laurel/event-store';
import { auditSourceFor, InvalidCursor, waitForReadModels, type AuditSource } from '@laurel/read-models';
import type { Projection } from '@laurel/projections';
import { CURSOR_SYNTAX } from '../http/pagination';
import { ProblemException } from '../http/problem-details';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** How long a query waits for its read model to reach ?minPosition= before answering 503. */
const waitMs = () => Number(process.env.READ_MODEL_WAIT_MS ?? 5000);

/** `?limit=&cursor=&minPosition=`, common to every query answered from a read model. */
export class ReadQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `Page size (default ${DEFAULT_LIMIT})`, example: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LIMIT) limit?: number;
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  @IsOptional() @Matches(CURSOR_SYNTAX, { message: 'cursor must be a nextCursor from a previous page' }) cursor?: string;
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the query waits (bounded, then 503) until its read model has reached it' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

/**
 * Read your writes: a query given ?minPosition= waits (bounded) until every read model it reads has
 * reached that position, then answers; past the bound it is a 503 with Retry-After.
 *
 * Both run on the read database (`ReadDatabase`: the replica of READ_DATABASE_URL, else the
 * primary): the query gets the pool whose checkpoints it waited for, so what it reads is at least
 * as new as the position (docs/operations.md, "Reads on a replica").
 */
@Injectable()
export class ReadModelGate {
  /** Where the audit log reads on this event store (the log itself on PostgreSQL, a read model elsewhere). */
  readonly audit: AuditSource;

  constructor(
    private readonly database: ReadDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.audit = auditSourceFor(store);
  }

  /** Runs `query` on the read database once the read models there have reached `minPosition` (when given). */
  async read<T>(projections: readonly Projection[], minPosition: string | undefined, query: (db: Pool) => Promise<T>): Promise<T> {
    const position = minPosition === undefined ? undefined : validPosition(minPosition);
    return this.database.read(async (db) => {
      if (position !== undefined) await this.reach(db, projections, position);
      return page(() => query(db));
    });
  }

  /**
   * As `read`, once the read models show everything the log holds now, and `minPosition` when
   * given: what a query reading straight from the log would answer (the audit log). 503 past the bound.
   */
  async readCurrent<T>(projections: readonly Projection[], minPosition: string | undefined, query: (db: Pool) => Promise<T>): Promise<T> {
    const head = await this.store.headPosition();
    const target = minPosition === undefined ? head : maxPosition(head, validPosition(minPosition));
    return this.database.read(async (db) => {
      if (target !== START) await this.reach(db, projections, target);
      return page(() => query(db));
    });
  }

  private async reach(db: Pool, projections: readonly Projection[], position: Position): Promise<void> {
    if (!(await waitForReadModels(db, this.store, projections, position, waitMs()))) {
      throw new ProblemException(503, 'READ_MODEL_BEHIND', `The read model has not reached position ${position} yet; retry shortly`, { 'Retry-After': '1' });
    }
  }
}

/** Runs a page read; a cursor this service did not issue is a 400, not a 500. */
async function page<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursor) throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor', in: 'query', messages: [error.message] }] });
    throw error;
  }
}

function validPosition(minPosition: string): Position {
  if (!isPosition(minPosition) || minPosition === '') {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field: 'minPosition', in: 'query', messages: ['minPosition must be a position returned by a command'] }] });
  }
  return minPosition as Position;
}

export const pageRequest = (query: ReadQuery) => ({ limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor });
