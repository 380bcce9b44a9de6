import type { Pool } from 'pg';
import { INITIATIVE_VIEWS, type InitiativeSource } from './initiatives.reader';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { ALL_MOVEMENTS } from './initiatives.projection';

export const GROUP_DIMENSIONS = ['level', 'field', 'status', 'year'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface StatisticsFilter {
  movementId?: string;
  year?: number;
}

export interface CountGroup {
  level?: string | null;
  field?: string;
  status?: string;
  year?: number;
  count: number;
}

/**
 * Counts from the projection's counts summary (initiatives per movement, year, level, field and
 * status, kept exact in the transaction that writes the rows): a sum over a few thousand groups,
 * whatever the number of initiatives. Groups whose count fell to zero are left out.
 */
export async function countInitiatives(db: Pool, filter: StatisticsFilter, groupBy: readonly GroupDimension[], from: InitiativeSource = INITIATIVE_VIEWS): Promise<{ total: number; groups: CountGroup[] }> {
  const where = statisticsWhere(filter);
  const dims = GROUP_DIMENSIONS.filter((d) => groupBy.includes(d));
  // The summary keeps "no level yet" as '': given back as null, and sorted last as before.
  const select = dims.map((d) => (d === 'level' ? `nullif(level, '') AS level` : d)).join(', ');
  const group = dims.length > 0 ? `GROUP BY ${dims.join(', ')} HAVING sum(initiatives) > 0 ORDER BY ${dims.join(', ')}` : '';
  const { rows } = await untilSummarised(
    () => db.query<CountGroup & { count: string | null }>(`SELECT ${select ? `${select}, ` : ''}sum(initiatives) AS count FROM ${from.stats} ${where.where} ${group}`, where.values),
    () => db.query<CountGroup & { count: string }>(`SELECT ${select ? `${select}, ` : ''}count(*) AS count FROM ${from.initiatives} ${where.where} ${dims.length > 0 ? `GROUP BY ${dims.join(', ')} ORDER BY ${dims.join(', ')}` : ''}`, where.values),
  );
  const groups = rows.map((r) => ({ ...r, count: Number(r.count ?? 0) }));
  return { total: groups.reduce((sum, g) => sum + g.count, 0), groups: dims.length > 0 ? groups : [] };
}

export interface Funnel {
  registered: number;
  nominated: number;
  recommended: number;
  awarded: number;
  published: number;
  replicated: number;
}

/** Initiatives that ever reached each stage (revoked awards still count as awarded), from the counts summary. */
export async function initiativeFunnel(db: Pool, filter: StatisticsFilter, from: InitiativeSource = INITIATIVE_VIEWS): Promise<Funnel> {
  const where = statisticsWhere(filter);
  const { rows } = await untilSummarised(
    () =>
      db.query<Record<keyof Funnel, string | null>>(
        `SELECT sum(initiatives) AS registered, sum(nominated) AS nominated, sum(recommended) AS recommended, sum(awarded) AS awarded,
                sum(published) AS published, sum(replicated) AS replicated
           FROM ${from.stats} ${where.where}`,
        where.values,
      ),
    () =>
      db.query<Record<keyof Funnel, string | null>>(
        `SELECT count(*) AS registered, count(nominated_at) AS nominated, count(recommended_at) AS recommended, count(awarded_at) AS awarded,
                count(published_at) AS published, count(replicated_at) AS replicated
           FROM ${from.initiatives} ${where.where}`,
        where.values,
      ),
  );
  const r = rows[0];
  const n = (v: string | null) => Number(v ?? 0);
  return { registered: n(r.registered), nominated: n(r.nominated), recommended: n(r.recommended), awarded: n(r.awarded), published: n(r.published), replicated: n(r.replicated) };
}

export interface LevelReplication {
  level: string;
  adoptingUnits: number;
  replications: number;
  initiatives: number;
}

export interface InitiativeReplication {
  initiativeId: string;
  title: string;
  level: string | null;
  adoptingUnits: number;
  byLevel: { level: string; adoptingUnits: number; adoptingUnitIds: string[] }[];
}

/** Per initiative, by initiative id. */
const REPLICATION_CURSOR = cursorCodec('string');

/**
 * Adopting units per level, and per initiative (paginated by initiative id). The per-level figures
 * are the projection's replication summary (counters per scope and level, exact by construction),
 * and the page walks the initiatives of the scope in id order: neither counts over every replication.
 */
export async function replicationStatistics(db: Pool, filter: { movementId?: string }, page: PageRequest, from: InitiativeSource = INITIATIVE_VIEWS): Promise<{ byLevel: LevelReplication[] } & Page<InitiativeReplication>> {
  const scope = filter.movementId ?? ALL_MOVEMENTS;
  const levels = await untilSummarised(
    () => db.query<{ level: string; adopting_units: number; replications: number; initiatives: number }>(`SELECT level, adopting_units, replications, initiatives FROM ${from.replicationLevels} WHERE scope = $1 ORDER BY level`, [scope]),
    () =>
      db.query<{ level: string; adopting_units: number; replications: number; initiatives: number }>(
        `SELECT r.level, count(DISTINCT r.adopting_unit_id)::int AS adopting_units, count(*)::int AS replications, count(DISTINCT r.initiative_id)::int AS initiatives
           FROM ${from.replications} r ${filter.movementId ? `JOIN ${from.initiatives} i ON i.initiative_id = r.initiative_id AND i.movement_id = $1` : ''} GROUP BY r.level ORDER BY r.level`,
        filter.movementId ? [filter.movementId] : [],
      ),
  );
  const where = new Conditions();
  where.raw(`scope = ${where.param(scope)}`);
  if (page.cursor !== undefined) where.add((p) => `initiative_id > ${p}`, REPLICATION_CURSOR.decode(page.cursor)[0]);
  const pageOfScope = `SELECT DISTINCT initiative_id FROM ${from.replicationInitiatives} ${where.where} ORDER BY initiative_id LIMIT ${page.limit + 1}`;
  const fallback = new Conditions();
  if (filter.movementId) fallback.add((p) => `i.movement_id = ${p}`, filter.movementId);
  if (page.cursor !== undefined) fallback.add((p) => `r.initiative_id > ${p}`, REPLICATION_CURSOR.decode(page.cursor)[0]);
  const pageOfAll = `SELECT DISTINCT r.initiative_id FROM ${from.replications} r JOIN ${from.initiatives} i ON i.initiative_id = r.initiative_id ${fallback.where} ORDER BY r.initiative_id LIMIT ${page.limit + 1}`;
  const pageQuery = (pageSql: string, values: unknown[]) =>
    db.query<{ initiative_id: string; title: string; level: string | null; adopting_units: number; by_level: InitiativeReplication['byLevel'] }>(
    `WITH page AS (${pageSql})
     SELECT i.initiative_id, i.title, i.level, i.adopting_units,
            (SELECT json_agg(json_build_object('level', l.level, 'adoptingUnits', l.units, 'adoptingUnitIds', l.ids) ORDER BY l.level)
               FROM (SELECT r.level, count(DISTINCT r.adopting_unit_id)::int AS units, array_agg(DISTINCT r.adopting_unit_id) AS ids
                       FROM ${from.replications} r WHERE r.initiative_id = i.initiative_id GROUP BY r.level) l) AS by_level
       FROM page JOIN ${from.initiatives} i USING (initiative_id) ORDER BY i.initiative_id`,
      values,
    );
  const { rows } = await untilSummarised(() => pageQuery(pageOfScope, where.values), () => pageQuery(pageOfAll, fallback.values));
  const byLevel = levels.rows.map((l) => ({ level: l.level, adoptingUnits: l.adopting_units, replications: l.replications, initiatives: l.initiatives }));
  const items = pageOf(rows, page.limit, REPLICATION_CURSOR, (r) => [r.initiative_id], (r) => ({ initiativeId: r.initiative_id, title: r.title, level: r.level, adoptingUnits: r.adopting_units, byLevel: r.by_level ?? [] }));
  return { byLevel, ...items };
}

/**
 * Reads a summary the projection keeps; while a deploy's projector is still building the version
 * that brings it (the views point at the older tables until the swap), it is not there yet
 * (42P01): the same figures are then counted from the rows, as before the summary existed.
 */
async function untilSummarised<R>(summary: () => Promise<R>, rows: () => Promise<R>): Promise<R> {
  try {
    return await summary();
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
    return rows();
  }
}

function statisticsWhere(filter: StatisticsFilter): Conditions {
  return new Conditions().add((p) => `movement_id = ${p}`, filter.movementId).add((p) => `year = ${p}`, filter.year);
}

export interface StageCount {
  stage: string;
  count: number;
}

export interface StageVersionCount extends StageCount {
  definitionVersion: number;
}

/**
 * How many initiatives of one workflow definition stand in each stage now (the summary rows'
 * status, set from StageChanged only), in total and per definition version.
 */
export async function countByStage(db: Pool, definitionId: string, from: InitiativeSource = INITIATIVE_VIEWS): Promise<{ total: number; stages: StageCount[]; byVersion: StageVersionCount[] }> {
  const { rows } = await db.query<{ definition_version: number; status: string; count: string }>(
    `SELECT definition_version, status, count(*) AS count FROM ${from.initiatives} WHERE definition_id = $1
      GROUP BY definition_version, status ORDER BY definition_version, status`,
    [definitionId],
  );
  const byVersion = rows.map((r) => ({ definitionVersion: Number(r.definition_version), stage: r.status, count: Number(r.count) }));
  const stages = new Map<string, number>();
  for (const r of byVersion) stages.set(r.stage, (stages.get(r.stage) ?? 0) + r.count);
  return {
    total: byVersion.reduce((sum, r) => sum + r.count, 0),
    stages: [...stages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stage, count]) => ({ stage, count })),
    byVersion,
  };
}
