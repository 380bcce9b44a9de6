import type { Pool } from 'pg';
import type { Author } from '@laurel/domain';
import type { Position } from '@laurel/event-store';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { iso } from '../sql';
import { SEARCH_WINDOW, searchConditions, searchedRows } from '../text-search';

/** What the public sees of an initiative: no user ids, no contacts — authors by name only. */
export interface PublicInitiative {
  initiativeId: string;
  movementId: string;
  title: string;
  summary: string;
  field: string;
  level: string | null;
  unitName: string | null;
  authors: { name: string }[];
  awardForm: string | null;
  publishedAt: string;
  channel: string | null;
  url: string | null;
  adoptingUnits: number;
}

export interface PublicConsultation {
  initiativeId: string;
  consultationId: string;
  title: string;
  summary: string;
  field: string;
  level: string | null;
  unitName: string | null;
  authors: { name: string }[];
  opensAt: string;
  closesAt: string;
}

type Row = Record<string, unknown>;
const names = (authors: unknown): { name: string }[] => (Array.isArray(authors) ? (authors as Author[]).map((a) => ({ name: a.name })) : []);
/** Newest first: the registration's global position (an event-store position, stored as text). */
const PUBLISHED_CURSOR = cursorCodec('position');
/** Closing soonest first: (closes at, initiative id). */
const CONSULTATION_CURSOR = cursorCodec('timestamp', 'string');

/** Public: published, and neither revoked nor withdrawn since. */
const PUBLISHED = `published_at IS NOT NULL AND status NOT IN ('revoked', 'withdrawn')`;
const PUBLIC_COLUMNS = `initiative_id, movement_id, title, summary, field, level, unit_name, authors, award_form, published_at, publication_channel,
  publication_url, adopting_units`;

/** A row as the public may see it: authors by name only. */
const toPublic = (r: Row): PublicInitiative => ({
  initiativeId: r.initiative_id as string,
  movementId: r.movement_id as string,
  title: r.title as string,
  summary: r.summary as string,
  field: r.field as string,
  level: (r.level as string | null) ?? null,
  unitName: (r.unit_name as string | null) ?? null,
  authors: names(r.authors),
  awardForm: (r.award_form as string | null) ?? null,
  publishedAt: iso(r.published_at) ?? '',
  channel: (r.publication_channel as string | null) ?? null,
  url: (r.publication_url as string | null) ?? null,
  adoptingUnits: r.adopting_units as number,
});

/** Published, and neither revoked nor withdrawn since; newest registrations first; `q`: words of the title or summary, ignoring case and diacritics. */
export async function publishedInitiatives(db: Pool, filter: { movementId?: string; field?: string; level?: string; q?: string }, page: PageRequest, from = 'rm_initiatives_initiatives', searchWindow = SEARCH_WINDOW): Promise<Page<PublicInitiative>> {
  const where = new Conditions()
    .raw(PUBLISHED)
    .add((p) => `movement_id = ${p}`, filter.movementId)
    .add((p) => `field = ${p}`, filter.field)
    .add((p) => `level = ${p}`, filter.level);
  const after = page.cursor === undefined ? undefined : PUBLISHED_CURSOR.decode(page.cursor);
  if (after) where.add((p) => `registered_position < ${p}`, after[0]);
  const text = searchConditions('search_text', filter.q, (v) => where.param(v));
  const rows = await searchedRows<Row>(db, { columns: `${PUBLIC_COLUMNS}, registered_position`, from, where, text, orderBy: 'registered_position DESC', limit: page.limit + 1 }, searchWindow);
  return pageOf(rows, page.limit, PUBLISHED_CURSOR, (r) => [r.registered_position as Position], toPublic);
}

/** One published initiative's public page (undefined when it is not published, or revoked or withdrawn since). */
export async function publishedInitiative(db: Pool, initiativeId: string): Promise<PublicInitiative | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${PUBLIC_COLUMNS} FROM rm_initiatives_initiatives WHERE initiative_id = $1 AND ${PUBLISHED}`, [initiativeId]);
  return rows[0] ? toPublic(rows[0]) : undefined;
}

/** Consultations still open for objections, closing soonest first. */
export async function openConsultations(db: Pool, page: PageRequest, now: Date = new Date()): Promise<Page<PublicConsultation>> {
  const where = new Conditions().raw(`status = 'consultation'`).add((p) => `consultation_closes_at > ${p}`, now.toISOString());
  const after = page.cursor === undefined ? undefined : CONSULTATION_CURSOR.decode(page.cursor);
  if (after) where.add((p) => `(consultation_closes_at, initiative_id) > (${p}::timestamptz, ${where.param(after[1])})`, after[0]);
  const { rows } = await db.query<Row>(
    `SELECT initiative_id, consultation_id, title, summary, field, level, unit_name, authors, consultation_opens_at, consultation_closes_at
       FROM rm_initiatives_initiatives ${where.where} ORDER BY consultation_closes_at, initiative_id LIMIT ${page.limit + 1}`,
    where.values,
  );
  return pageOf(rows, page.limit, CONSULTATION_CURSOR, (r) => [iso(r.consultation_closes_at) ?? '', r.initiative_id as string], (r) => ({
    initiativeId: r.initiative_id as string,
    consultationId: r.consultation_id as string,
    title: r.title as string,
    summary: r.summary as string,
    field: r.field as string,
    level: (r.level as string | null) ?? null,
    unitName: (r.unit_name as string | null) ?? null,
    authors: names(r.authors),
    opensAt: iso(r.consultation_opens_at) ?? '',
    closesAt: iso(r.consultation_closes_at) ?? '',
  }));
}
