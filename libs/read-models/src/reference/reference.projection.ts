import type { Pool, PoolClient } from 'pg';
import { cursorCodec } from '../cursor';
import type { Page } from '../pagination';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { RecordedEvent } from '@laurel/event-store';
import { councilDecider, movementDecider, unitDecider, userDecider, workflowDefinitionDecider, type DomainEvent } from '@laurel/domain';
import { rowsByKey, upsertRows } from '../sql';

/** The reference categories an administrator manages, each folded by its own decider. */
export const REFERENCE_CATEGORIES = ['unit', 'user', 'council', 'workflow', 'movement'] as const;
export type ReferenceCategory = (typeof REFERENCE_CATEGORIES)[number];

interface Fold {
  evolve(state: unknown, event: DomainEvent): unknown;
  initialState(): unknown;
}
const FOLDS: Record<ReferenceCategory, Fold> = {
  unit: unitDecider as unknown as Fold,
  user: userDecider as unknown as Fold,
  council: councilDecider as unknown as Fold,
  workflow: workflowDefinitionDecider as unknown as Fold,
  movement: movementDecider as unknown as Fold,
};

interface StateRow {
  stream_name: string;
  category: ReferenceCategory;
  version: number;
  state: unknown;
}

/**
 * `reference`: the current state of every unit, user, council, workflow definition and movement
 * stream, folded by the same deciders the commands use, so a list answers exactly what folding the
 * log would, from one indexed table instead of a scan of the log. Commands still decide on their
 * streams; only queries read this.
 */
export const referenceProjection: Projection = {
  name: 'reference',
  // v2: an index in the lists' byte order (stream_name COLLATE "C"), so a filtered page is an index walk.
  version: 2,
  filter: { categories: REFERENCE_CATEGORIES },
  tables: ['states'],

  async setup(db: PoolClient, t: ProjectionTables) {
    const states = t.name('states');
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${states} (
        stream_name text PRIMARY KEY, category text NOT NULL, version int NOT NULL, state jsonb NOT NULL);
      CREATE INDEX IF NOT EXISTS ${states}_category ON ${states} (category, stream_name);
      CREATE INDEX IF NOT EXISTS ${states}_list ON ${states} (category, stream_name COLLATE "C");`);
  },

  async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
    const relevant = events.filter((e) => categoryOf(e.streamName) !== undefined);
    if (relevant.length === 0) return;
    const names = [...new Set(relevant.map((e) => e.streamName))];
    const rows = await rowsByKey<StateRow>(db, t.name('states'), 'stream_name', names);
    const changed = new Set<string>();
    for (const event of relevant) {
      const category = categoryOf(event.streamName) as ReferenceCategory;
      const row = rows.get(event.streamName);
      if (row && event.streamVersion <= row.version) continue; // applied before: replaying is harmless
      const fold = FOLDS[category];
      const state = fold.evolve(row?.state ?? fold.initialState(), { type: event.type, data: event.data } as DomainEvent);
      rows.set(event.streamName, { stream_name: event.streamName, category, version: event.streamVersion, state });
      changed.add(event.streamName);
    }
    const out = [...changed].map((name) => rows.get(name) as StateRow);
    await upsertRows(db, t.name('states'), ['stream_name', 'category', 'version', 'state'], ['stream_name'], out);
  },
};

function categoryOf(streamName: string): ReferenceCategory | undefined {
  const category = streamName.slice(0, streamName.indexOf('-'));
  return (REFERENCE_CATEGORIES as readonly string[]).includes(category) ? (category as ReferenceCategory) : undefined;
}

/** Where the queries read: the stable view, or a given table version (tests, rebuild checks). */
export const REFERENCE_VIEW = 'rm_reference_states';

/** The folded state of every stream of a category, in stream-name order. */
export async function referenceStates<S>(pool: Pool | PoolClient, category: ReferenceCategory, source = REFERENCE_VIEW): Promise<S[]> {
  const { rows } = await pool.query<{ state: S }>(`SELECT state FROM ${source} WHERE category = $1 ORDER BY stream_name`, [category]);
  return rows.map((r) => r.state);
}

/** The folded state of one stream, or undefined when the read model holds none. */
export async function referenceState<S>(pool: Pool | PoolClient, streamName: string, source = REFERENCE_VIEW): Promise<S | undefined> {
  const { rows } = await pool.query<{ state: S }>(`SELECT state FROM ${source} WHERE stream_name = $1`, [streamName]);
  return rows[0]?.state;
}

export interface ReferenceListFilter {
  /** A JSON object the folded state must contain (`@>`), e.g. `{ status: 'registered', roles: ['secretary'] }`. */
  contains?: Record<string, unknown>;
  /** Leave out states of this status (a stream whose fold says it does not exist yet). */
  statusNot?: string;
}

/** The last item's id (its stream name without the category): the cursor the lists have always issued. */
const REFERENCE_CURSOR = cursorCodec('string');

/**
 * One page of a category's folded states, filtered and paged in SQL: ids in byte order (as the
 * lists always were, ids being ASCII), the page after the cursor's id, `limit` states. A walk of
 * the list index, whatever the number of streams.
 */
export async function referencePage<S>(
  pool: Pool | PoolClient,
  category: ReferenceCategory,
  filter: ReferenceListFilter,
  page: { limit: number; cursor?: string },
  source = REFERENCE_VIEW,
): Promise<Page<S>> {
  const values: unknown[] = [category];
  const where = ['category = $1'];
  if (filter.contains && Object.keys(filter.contains).length > 0) {
    values.push(JSON.stringify(filter.contains));
    where.push(`state @> $${values.length}::jsonb`);
  }
  if (filter.statusNot !== undefined) {
    values.push(filter.statusNot);
    where.push(`state->>'status' <> $${values.length}`);
  }
  if (page.cursor !== undefined) {
    values.push(`${category}-${REFERENCE_CURSOR.decode(page.cursor)[0]}`);
    where.push(`stream_name COLLATE "C" > $${values.length}`);
  }
  const { rows } = await pool.query<{ stream_name: string; state: S }>(
    `SELECT stream_name, state FROM ${source} WHERE ${where.join(' AND ')} ORDER BY stream_name COLLATE "C" LIMIT ${page.limit + 1}`,
    values,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => r.state),
    nextCursor: rows.length > page.limit && last !== undefined ? REFERENCE_CURSOR.encode([last.stream_name.slice(category.length + 1)]) : null,
  };
}
