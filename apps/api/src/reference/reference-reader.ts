import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ReadDatabase } from '@laurel/infra';
import { EVENT_STORE, START, type EventStore, type Position } from '@laurel/event-store';
import { initiativesProjection, referencePage, referenceProjection, referenceStates, waitForReadModels, type Page, type ReferenceCategory, type ReferenceListFilter } from '@laurel/read-models';
import type { Projection } from '@laurel/projections';
import { ProblemException } from '../http/problem-details';
import { DEFAULT_PAGE_SIZE } from '../http/pagination';

/** How long a reference list waits for ?minPosition= before answering 503. */
const waitMs = () => Number(process.env.READ_MODEL_WAIT_MS ?? 5000);

export interface ReadOptions {
  /**
   * A position a command returned: wait (bounded) until the reference read model has passed it.
   * The global feed shows a commit only once every older transaction has finished (so readers never
   * skip one), so a write can be missing from a list for a moment after its command answered.
   */
  minPosition?: string;
}

/**
 * Reference data (units, users, councils, definitions, movements) for queries, from the `reference`
 * read model: one indexed table, whatever the length of the log. Commands that decide on reference
 * data load its streams instead (ReferenceChecks, CommandRunner.load).
 *
 * Lists read the read database (the replica of READ_DATABASE_URL, else the primary), waiting for
 * `minPosition` there; `initiativesCurrent`, which a command's counts follow, waits on the primary.
 */
@Injectable()
export class ReferenceReader {
  constructor(
    private readonly pool: Pool,
    private readonly database: ReadDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The folded state of every stream of a category, once the read model has reached `minPosition`. */
  all<S>(category: ReferenceCategory, options: ReadOptions = {}): Promise<S[]> {
    return this.database.read(async (db) => {
      if (options.minPosition !== undefined) await this.reached(db, [referenceProjection], options.minPosition as Position);
      return referenceStates<S>(db, category);
    });
  }

  /**
   * One page of a category's states that match `filter`, in id order, filtered and paged by the
   * database (the list index), once the read model has reached `minPosition`.
   */
  page<S>(category: ReferenceCategory, filter: ReferenceListFilter, query: ReadOptions & { limit?: number; cursor?: string }): Promise<Page<S>> {
    return this.database.read(async (db) => {
      if (query.minPosition !== undefined) await this.reached(db, [referenceProjection], query.minPosition as Position);
      return referencePage<S>(db, category, filter, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
    });
  }

  /**
   * Waits until the initiatives read model on the primary shows everything the log holds now, so
   * counts the caller then takes from the primary are those a fold of the log would give at this
   * moment (a summary freezes them: a command, which never reads the replica).
   */
  async initiativesCurrent(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== START) await this.reached(this.pool, [initiativesProjection], head);
  }

  private async reached(db: Pool, projections: readonly Projection[], position: Position): Promise<void> {
    if (!(await waitForReadModels(db, this.store, projections, position, waitMs()))) {
      throw new ProblemException(503, 'NOT_CAUGHT_UP', `The read model has not reached position ${position} yet; retry shortly`, { 'Retry-After': '1' });
    }
  }
}
