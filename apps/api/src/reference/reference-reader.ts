import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@laurel/domain';
import { toDomainEvent } from '@laurel/application';
import { EVENT_STORE, START, type EventStore, type Position } from '@laurel/event-store';

/**
 * Reference data (units, users, councils, definitions, movements) answered by folding every stream
 * of a category from the log. Adequate for the few thousand reference streams a deployment has;
 * the read-model projections replace it for the large lists.
 */
@Injectable()
export class ReferenceReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all<E extends DomainEvent, S>(category: string, decider: { evolve(state: S, event: E): S; initialState(): S }): Promise<S[]> {
    const states = new Map<string, S>();
    let after: Position = START;
    for (;;) {
      const page = await this.store.readAll({ after, batchSize: 2000, filter: { categories: [category] } });
      for (const event of page.events) {
        states.set(event.streamName, decider.evolve(states.get(event.streamName) ?? decider.initialState(), toDomainEvent<E>(event)));
      }
      after = page.checkpoint;
      if (page.isEnd) return [...states.values()];
    }
  }
}
