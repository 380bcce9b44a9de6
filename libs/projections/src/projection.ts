import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@laurel/event-store';

/**
 * A read model fed from the global feed. Its tables are versioned: `tables.name('initiatives')`
 * gives `rm_<projection>_v<version>_initiatives`, so a new version can be built beside the live one
 * and swapped in when it has caught up.
 */
export interface Projection {
  /** Stable identifier, e.g. `initiatives`. */
  readonly name: string;
  /** Bump when the tables or the way events are applied change: a rebuild builds the new version. */
  readonly version: number;
  /** The events this projection needs; the feed is read with this filter. */
  readonly filter?: EventFilter;
  /** True when `apply` reads only the events' headers, never data or metadata: the feed may leave them out (ReadAllOptions.withoutPayload). */
  readonly headersOnly?: boolean;
  /** Its tables, by their short names: each gets a stable view for queries. */
  readonly tables: readonly string[];
  /** Creates this version's tables if they do not exist yet. */
  setup(db: PoolClient, tables: ProjectionTables): Promise<void>;
  /**
   * Applies a batch, inside the transaction that also moves the checkpoint: a crash loses or
   * repeats nothing. Still, apply must be harmless when given an event twice (upserts keyed by
   * stream version, not increments), because a rebuild or an operator may replay the feed.
   */
  apply(db: PoolClient, events: readonly RecordedEvent[], tables: ProjectionTables): Promise<void>;
}

export class ProjectionTables {
  constructor(
    readonly projection: string,
    readonly version: number,
  ) {}

  /** The physical table of this version. */
  name(table: string): string {
    return `rm_${this.projection}_v${this.version}_${table}`.replace(/[^a-z0-9_]/g, '_');
  }

  /** The stable view queries read, pointing at the active version. */
  view(table: string): string {
    return `rm_${this.projection}_${table}`.replace(/[^a-z0-9_]/g, '_');
  }
}
