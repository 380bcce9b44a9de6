import type { Pool } from 'pg';
import type { Author } from '@laurel/domain';
import type { Position } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, type Page, type PageRequest } from '../pagination';
import { ISO_TIMESTAMPS, iso } from '../sql';
import { InvalidCursor } from '../cursor';
import { SEARCH_WINDOW, searchConditions, searchedRows } from '../text-search';

/** Where the queries read: the stable views, or a given table version (tests, rebuild checks). */
export interface InitiativeSource {
  initiatives: string;
  replications: string;
  /** The replication summary: counters per scope (every movement, or one) and level. */
  replicationLevels: string;
  /** The initiatives with a replication, per scope and level. */
  replicationInitiatives: string;
  /** The counts summary: initiatives per movement, year, level, field and status, with their milestones. */
  stats: string;
}

/** The tables of one version of the initiatives read model (tests, rebuild checks). */
export const initiativeSource = (t: { name(table: string): string }): InitiativeSource => ({
  initiatives: t.name('initiatives'),
  replications: t.name('replications'),
  replicationLevels: t.name('replication_levels'),
  replicationInitiatives: t.name('replication_initiatives'),
  stats: t.name('stats'),
});

export const INITIATIVE_VIEWS: InitiativeSource = initiativeSource({ name: (table) => `rm_initiatives_${table}` });

export interface InitiativeFilter {
  movementId?: string;
  unitId?: string;
  /** The council the initiative was nominated (or escalated) to. */
  councilId?: string;
  level?: string;
  field?: string;
  status?: string;
  year?: number;
  /** Words of the title or summary, each matched as a part of a word, ignoring case and Vietnamese diacritics. */
  q?: string;
}

/** The orders of the list; `-` is descending. The default, `-registeredAt`, is newest registrations first. */
export const INITIATIVE_SORTS = ['-registeredAt', 'registeredAt', '-updatedAt', 'updatedAt', 'title', '-title'] as const;
export type InitiativeSort = (typeof INITIATIVE_SORTS)[number];

export interface InitiativeListItem {
  initiativeId: string;
  version: number;
  movementId: string;
  unitId: string;
  unitName: string | null;
  level: string | null;
  field: string;
  status: string;
  year: number;
  title: string;
  summary: string;
  authors: Author[];
  definitionId: string;
  definitionVersion: number;
  councilId: string | null;
  awardForm: string | null;
  registeredAt: string;
  nominatedAt: string | null;
  awardedAt: string | null;
  publishedAt: string | null;
  adoptingUnits: number;
  updatedAt: string;
}

type Row = Record<string, unknown> & { registered_position: string };

const toItem = (r: Row): InitiativeListItem => ({
  initiativeId: r.initiative_id as string,
  version: r.version as number,
  movementId: r.movement_id as string,
  unitId: r.unit_id as string,
  unitName: (r.unit_name as string | null) ?? null,
  level: (r.level as string | null) ?? null,
  field: r.field as string,
  status: r.status as string,
  year: r.year as number,
  title: r.title as string,
  summary: r.summary as string,
  authors: r.authors as Author[],
  definitionId: r.definition_id as string,
  definitionVersion: r.definition_version as number,
  councilId: (r.council_id as string | null) ?? null,
  awardForm: (r.award_form as string | null) ?? null,
  registeredAt: iso(r.registered_at) ?? '',
  nominatedAt: iso(r.nominated_at),
  awardedAt: iso(r.awarded_at),
  publishedAt: iso(r.published_at),
  adoptingUnits: r.adopting_units as number,
  updatedAt: iso(r.updated_at) ?? '',
});

const LIST_COLUMNS = `initiative_id, version, movement_id, unit_id, unit_name, level, field, status, year, title, summary, authors,
  definition_id, definition_version, council_id, award_form, registered_at, registered_position, nominated_at, awarded_at, published_at,
  adopting_units, updated_at`;

/** Default order (newest registrations first): the registration's global position, as cursors always were. */
const LIST_CURSOR = cursorCodec('position');
/** Other orders: the sort's name first, so that a cursor of one order is refused under another. */
const POSITION_CURSOR = cursorCodec('string', 'position');
const UPDATED_CURSOR = cursorCodec('string', 'timestamp', 'string');
/** Titles may be longer than a cursor's text: the title cursor names the last row, whose title the query reads. */
const TITLE_CURSOR = cursorCodec('string', 'string');

interface SortPlan {
  orderBy: string;
  /** Adds the keyset condition of a cursor of this order. */
  after(where: Conditions, cursor: string): void;
  cursor(row: Row): string;
}

const checkSort = (sort: string, key: readonly unknown[]) => {
  if (key[0] !== sort) throw new InvalidCursor();
};

function sortPlan(sort: InitiativeSort, table: string): SortPlan {
  const desc = sort.startsWith('-');
  const cmp = desc ? '<' : '>';
  const dir = desc ? 'DESC' : 'ASC';
  switch (sort) {
    case '-registeredAt':
      return {
        orderBy: 'registered_position DESC',
        after: (where, cursor) => where.add((p) => `registered_position < ${p}`, LIST_CURSOR.decode(cursor)[0]),
        cursor: (r) => LIST_CURSOR.encode([r.registered_position as Position]),
      };
    case 'registeredAt':
      return {
        orderBy: 'registered_position ASC',
        after: (where, cursor) => {
          const key = POSITION_CURSOR.decode(cursor);
          checkSort(sort, key);
          where.add((p) => `registered_position > ${p}`, key[1]);
        },
        cursor: (r) => POSITION_CURSOR.encode([sort, r.registered_position as Position]),
      };
    case '-updatedAt':
    case 'updatedAt':
      return {
        orderBy: `updated_at ${dir}, initiative_id ${dir}`,
        after: (where, cursor) => {
          const key = UPDATED_CURSOR.decode(cursor);
          checkSort(sort, key);
          where.add((p) => `(updated_at, initiative_id) ${cmp} (${p}::timestamptz, ${where.param(key[2])})`, key[1]);
        },
        cursor: (r) => UPDATED_CURSOR.encode([sort, iso(r.updated_at) ?? '', r.initiative_id as string]),
      };
    case 'title':
    case '-title':
      return {
        orderBy: `title ${dir}, initiative_id ${dir}`,
        after: (where, cursor) => {
          const key = TITLE_CURSOR.decode(cursor);
          checkSort(sort, key);
          where.add((p) => `(title, initiative_id) ${cmp} (SELECT title, initiative_id FROM ${table} WHERE initiative_id = ${p})`, key[1]);
        },
        cursor: (r) => TITLE_CURSOR.encode([sort, r.initiative_id as string]),
      };
  }
}

/** Keyset pagination in the requested order (default newest registrations first). */
export async function listInitiatives(
  db: Pool,
  filter: InitiativeFilter,
  page: PageRequest,
  from: InitiativeSource = INITIATIVE_VIEWS,
  sort: InitiativeSort = '-registeredAt',
  searchWindow = SEARCH_WINDOW,
): Promise<Page<InitiativeListItem>> {
  const where = new Conditions()
    .add((p) => `movement_id = ${p}`, filter.movementId)
    .add((p) => `unit_id = ${p}`, filter.unitId)
    .add((p) => `council_id = ${p}`, filter.councilId)
    .add((p) => `level = ${p}`, filter.level)
    .add((p) => `field = ${p}`, filter.field)
    .add((p) => `status = ${p}`, filter.status)
    .add((p) => `year = ${p}`, filter.year);
  const plan = sortPlan(sort, from.initiatives);
  if (page.cursor !== undefined) plan.after(where, page.cursor);
  const text = searchConditions('search_text', filter.q, (v) => where.param(v));
  const rows = await searchedRows<Row>(db, { columns: LIST_COLUMNS, from: from.initiatives, where, text, orderBy: plan.orderBy, limit: page.limit + 1, types: ISO_TIMESTAMPS }, searchWindow);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > page.limit && last !== undefined ? plan.cursor(last) : null };
}

/** One initiative's summary row (the list item), or undefined. */
export async function findInitiativeSummary(db: Pool, initiativeId: string, from: InitiativeSource = INITIATIVE_VIEWS): Promise<InitiativeListItem | undefined> {
  const { rows } = await db.query<Row>({ text: `SELECT ${LIST_COLUMNS} FROM ${from.initiatives} WHERE initiative_id = $1`, values: [initiativeId], types: ISO_TIMESTAMPS });
  return rows[0] ? toItem(rows[0]) : undefined;
}
