import type { Pool } from 'pg';
import type { Author } from '@laurel/domain';
import type { Position } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { iso } from '../sql';

/** Where the queries read: the stable views, or a given table version (tests, rebuild checks). */
export interface InitiativeSource {
  initiatives: string;
  replications: string;
}

export const INITIATIVE_VIEWS: InitiativeSource = { initiatives: 'rm_initiatives_initiatives', replications: 'rm_initiatives_replications' };

export interface InitiativeFilter {
  movementId?: string;
  unitId?: string;
  level?: string;
  field?: string;
  status?: string;
  year?: number;
  /** Words of the title or summary (PostgreSQL full-text search, `simple` configuration). */
  q?: string;
  /** `newest` (default) or `oldest` registrations first. */
  order?: 'newest' | 'oldest';
}

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

/** The registration's global position (an event-store position, stored as text). */
const LIST_CURSOR = cursorCodec('position');

/** Newest registrations first (or oldest, `order: 'oldest'`); keyset pagination on the registration's global position. */
export async function listInitiatives(db: Pool, filter: InitiativeFilter, page: PageRequest, from: InitiativeSource = INITIATIVE_VIEWS): Promise<Page<InitiativeListItem>> {
  const where = new Conditions()
    .add((p) => `movement_id = ${p}`, filter.movementId)
    .add((p) => `unit_id = ${p}`, filter.unitId)
    .add((p) => `level = ${p}`, filter.level)
    .add((p) => `field = ${p}`, filter.field)
    .add((p) => `status = ${p}`, filter.status)
    .add((p) => `year = ${p}`, filter.year)
    .add((p) => `search @@ plainto_tsquery('simple', ${p})`, filter.q?.trim());
  const oldest = filter.order === 'oldest';
  if (page.cursor !== undefined) where.add((p) => `registered_position ${oldest ? '>' : '<'} ${p}`, LIST_CURSOR.decode(page.cursor)[0]);
  const { rows } = await db.query<Row>(
    `SELECT ${LIST_COLUMNS} FROM ${from.initiatives} ${where.where} ORDER BY registered_position ${oldest ? 'ASC' : 'DESC'} LIMIT ${page.limit + 1}`,
    where.values,
  );
  return pageOf(rows, page.limit, LIST_CURSOR, (r) => [r.registered_position as Position], toItem);
}

/** One initiative's summary row (the list item), or undefined. */
export async function findInitiativeSummary(db: Pool, initiativeId: string, from: InitiativeSource = INITIATIVE_VIEWS): Promise<InitiativeListItem | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${LIST_COLUMNS} FROM ${from.initiatives} WHERE initiative_id = $1`, [initiativeId]);
  return rows[0] ? toItem(rows[0]) : undefined;
}
