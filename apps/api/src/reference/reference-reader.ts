import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@laurel/domain';
import { toDomainEvent } from '@laurel/application';
import { EVENT_STORE, START, comparePositions, type EventStore, type Position } from '@laurel/event-store';
import { ProblemException } from '../http/problem-details';

const WAIT_FOR_POSITION_MS = 5_000;
const POLL_MS = 20;

export interface ReadOptions {
  /**
   * A position a command returned: wait (bounded) until the feed has passed it. The global feed
   * shows a commit only once every older transaction has finished (so readers never skip one),
   * so a write can be missing from a list for a moment after its command answered.
   */
  minPosition?: string;
}

/**
 * Reference data (units, users, councils, definitions, movements) answered by folding every stream
 * of a category from the log. Adequate for the few thousand reference streams a deployment has;
 * the read-model projections replace it for the large lists.
 */
@Injectable()
export class ReferenceReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all<E extends DomainEvent, S>(
    category: string,
    decider: { evolve(state: S, event: E): S; initialState(): S },
    options: ReadOptions = {},
  ): Promise<S[]> {
    const states = new Map<string, S>();
    const deadline = Date.now() + WAIT_FOR_POSITION_MS;
    let after: Position = START;
    for (;;) {
      const page = await this.store.readAll({ after, batchSize: 2000, filter: { categories: [category] } });
      for (const event of page.events) {
        states.set(event.streamName, decider.evolve(states.get(event.streamName) ?? decider.initialState(), toDomainEvent<E>(event)));
      }
      after = page.checkpoint;
      if (!page.isEnd) continue;
      if (options.minPosition === undefined || comparePositions(after, options.minPosition as Position) >= 0) return [...states.values()];
      if (Date.now() >= deadline) {
        throw new ProblemException(503, 'NOT_CAUGHT_UP', `The log has not reached position ${options.minPosition} yet; retry shortly`, { 'Retry-After': '1' });
      }
      // Carry on from the checkpoint: only what committed meanwhile is read again.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
