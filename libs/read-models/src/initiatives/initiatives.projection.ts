import type { PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { RecordedEvent } from '@laurel/event-store';
import type { ReplicationReported, UnitRegistered } from '@laurel/domain';
import { iso, rowsByKey, upsertRows } from '../sql';
import { ensureTextSearch, FOLD_FUNCTION } from '../text-search';
import { evolveSummary, type InitiativeSummary, type UnitInfo } from './initiative-summary';

const SUMMARY_COLUMNS = [
  'initiative_id', 'version', 'movement_id', 'unit_id', 'unit_name', 'level', 'field', 'status', 'year', 'title', 'summary', 'authors',
  'definition_id', 'definition_version', 'council_id', 'award_form', 'registered_at', 'registered_position', 'nominated_at', 'recommended_at',
  'awarded_at', 'published_at', 'replicated_at', 'revoked_at', 'withdrawn_at', 'adopting_unit_ids', 'adopting_units', 'consultation_id',
  'consultation_opens_at', 'consultation_closes_at', 'publication_channel', 'publication_url', 'updated_at',
] as const satisfies readonly (keyof InitiativeSummary)[];

const TIMESTAMPS = ['registered_at', 'nominated_at', 'recommended_at', 'awarded_at', 'published_at', 'replicated_at', 'revoked_at', 'withdrawn_at', 'consultation_opens_at', 'consultation_closes_at', 'updated_at'] as const;

interface ReplicationRow {
  initiative_id: string;
  replication_id: string;
  adopting_unit_id: string;
  level: string;
  started_on: string;
  reported_at: string;
  /** The initiative's movement: the replication statistics are kept for every movement and for all of them. */
  movement_id: string;
}

/** The scope of the replication summary that counts every movement (a movement id is never empty). */
export const ALL_MOVEMENTS = '';

/**
 * `initiatives`: one summary row per initiative (lists, search, statistics, public pages), the
 * replications (who adopted what, at which level) and the units (name and level of the registering
 * unit). Each batch is folded in memory and written with one statement per table.
 */
export const initiativesProjection: Projection = {
  name: 'initiatives',
  // v2: search_text (in place of v1's tsvector `search`), the folded title and summary with its trigram index (text search ignores case and diacritics).
  // v3: the replication summary (replication_levels and its two membership tables), so /stats/replication
  //     reads a few counter rows instead of counting distinct units over every replication; the counts
  //     summary (stats) for /stats/initiatives and /stats/funnel; the council index.
  version: 3,
  filter: { categories: ['initiative', 'unit'] },
  tables: ['initiatives', 'replications', 'units', 'replication_levels', 'replication_units', 'replication_initiatives', 'stats'],

  async setup(db: PoolClient, t: ProjectionTables) {
    const initiatives = t.name('initiatives');
    const search = await ensureTextSearch(db);
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${t.name('units')} (unit_id text PRIMARY KEY, name text NOT NULL, level text NOT NULL);
      CREATE TABLE IF NOT EXISTS ${t.name('replications')} (
        initiative_id text NOT NULL, replication_id text NOT NULL, adopting_unit_id text NOT NULL, level text NOT NULL,
        started_on text NOT NULL, reported_at timestamptz NOT NULL, PRIMARY KEY (initiative_id, replication_id));
      CREATE INDEX IF NOT EXISTS ${t.name('replications')}_level ON ${t.name('replications')} (level, adopting_unit_id);
      -- The replication summary per scope (ALL_MOVEMENTS, or one movement) and level: counters, kept
      -- exact by the membership tables (a unit or an initiative counts once per scope and level).
      CREATE TABLE IF NOT EXISTS ${t.name('replication_levels')} (
        scope text NOT NULL, level text NOT NULL, replications int NOT NULL, adopting_units int NOT NULL, initiatives int NOT NULL,
        PRIMARY KEY (scope, level));
      CREATE TABLE IF NOT EXISTS ${t.name('replication_units')} (
        scope text NOT NULL, level text NOT NULL, adopting_unit_id text NOT NULL, PRIMARY KEY (scope, level, adopting_unit_id));
      -- The counts /stats/initiatives and /stats/funnel sum: initiatives per movement, year, level ('' for
      -- none yet), field and status, and how many of them reached each milestone of the funnel.
      CREATE TABLE IF NOT EXISTS ${t.name('stats')} (
        movement_id text NOT NULL, year int NOT NULL, level text NOT NULL, field text NOT NULL, status text NOT NULL,
        initiatives int NOT NULL, nominated int NOT NULL, recommended int NOT NULL, awarded int NOT NULL, published int NOT NULL, replicated int NOT NULL,
        PRIMARY KEY (movement_id, year, level, field, status));
      CREATE INDEX IF NOT EXISTS ${t.name('stats')}_year ON ${t.name('stats')} (year);
      -- Also the per-initiative page of /stats/replication, in initiative order within a scope.
      CREATE TABLE IF NOT EXISTS ${t.name('replication_initiatives')} (
        scope text NOT NULL, initiative_id text NOT NULL, level text NOT NULL, PRIMARY KEY (scope, initiative_id, level));
      CREATE TABLE IF NOT EXISTS ${initiatives} (
        initiative_id text PRIMARY KEY, version int NOT NULL, movement_id text NOT NULL, unit_id text NOT NULL, unit_name text,
        level text, field text NOT NULL, status text NOT NULL, year int NOT NULL, title text NOT NULL, summary text NOT NULL,
        authors jsonb NOT NULL, definition_id text NOT NULL, definition_version int NOT NULL, council_id text, award_form text,
        registered_at timestamptz NOT NULL, registered_position text NOT NULL,
        nominated_at timestamptz, recommended_at timestamptz, awarded_at timestamptz, published_at timestamptz,
        replicated_at timestamptz, revoked_at timestamptz, withdrawn_at timestamptz,
        adopting_unit_ids jsonb NOT NULL, adopting_units int NOT NULL,
        consultation_id text, consultation_opens_at timestamptz, consultation_closes_at timestamptz,
        publication_channel text, publication_url text, updated_at timestamptz NOT NULL,
        search_text text GENERATED ALWAYS AS (${FOLD_FUNCTION}(title || ' ' || summary)) STORED);
      CREATE UNIQUE INDEX IF NOT EXISTS ${initiatives}_order ON ${initiatives} (registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_movement ON ${initiatives} (movement_id, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_unit ON ${initiatives} (unit_id, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_status ON ${initiatives} (status, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_level_field ON ${initiatives} (level, field, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_field ON ${initiatives} (field, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_year ON ${initiatives} (year, registered_position);
      CREATE INDEX IF NOT EXISTS ${initiatives}_published ON ${initiatives} (published_at) WHERE published_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS ${initiatives}_consulting ON ${initiatives} (consultation_closes_at) WHERE status = 'consultation';
      CREATE INDEX IF NOT EXISTS ${initiatives}_updated ON ${initiatives} (updated_at DESC, initiative_id DESC);
      CREATE INDEX IF NOT EXISTS ${initiatives}_title ON ${initiatives} (title, initiative_id);
      CREATE INDEX IF NOT EXISTS ${initiatives}_council ON ${initiatives} (council_id, registered_position) WHERE council_id IS NOT NULL;`);
    if (search.trigramSchema) {
      await db.query(`CREATE INDEX IF NOT EXISTS ${initiatives}_search_text ON ${initiatives} USING gin (search_text "${search.trigramSchema.replace(/"/g, '""')}".gin_trgm_ops)`);
    }
  },

  async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
    const units = await applyUnits(db, events, t);
    const ids = [...new Set(events.filter((e) => e.streamName.startsWith('initiative-')).map((e) => e.streamName.slice('initiative-'.length)))];
    if (ids.length === 0) return;
    const rows = new Map<string, InitiativeSummary>();
    for (const [id, row] of await rowsByKey<InitiativeSummary>(db, t.name('initiatives'), 'initiative_id', ids)) rows.set(id, fromDb(row));
    // The rows as stored before this batch (evolveSummary never mutates a row): the counts move by the difference.
    const before = new Map(rows);
    const registeredUnits = events.filter((e) => e.type === 'InitiativeRegistered').map((e) => (e.data as { unitId: string }).unitId);
    await loadUnits(db, t, units, registeredUnits);

    const changed = new Set<string>();
    const replications: ReplicationRow[] = [];
    for (const event of events) {
      if (!event.streamName.startsWith('initiative-')) continue;
      const id = event.streamName.slice('initiative-'.length);
      const row = rows.get(id);
      if (row && event.streamVersion <= row.version) continue; // applied before
      const next = evolveSummary(row, event, (unitId) => units.get(unitId));
      if (!next) continue;
      rows.set(id, next);
      changed.add(id);
      if (event.type === 'ReplicationReported') {
        const d = (event as unknown as ReplicationReported).data;
        replications.push({ initiative_id: id, replication_id: d.replicationId, adopting_unit_id: d.adoptingUnitId, level: d.level, started_on: d.startedOn, reported_at: d.reportedAt, movement_id: next.movement_id });
      }
    }
    const written = [...changed].map((id) => rows.get(id)).filter((row): row is InitiativeSummary => row !== undefined);
    await upsertRows(db, t.name('initiatives'), SUMMARY_COLUMNS, ['initiative_id'], written);
    await moveCounts(db, t, written.map((row) => [before.get(row.initiative_id), row]));
    await addReplications(db, t, replications);
  },
};

const COUNTERS = ['initiatives', 'nominated', 'recommended', 'awarded', 'published', 'replicated'] as const;

/** What one summary row adds to its group of the counts summary. */
function contribution(row: InitiativeSummary): { key: string; group: Record<string, string | number>; counts: number[] } {
  const group = { movement_id: row.movement_id, year: row.year, level: row.level ?? '', field: row.field, status: row.status };
  const counts = [1, row.nominated_at, row.recommended_at, row.awarded_at, row.published_at, row.replicated_at].map((v) => (v === null ? 0 : 1));
  return { key: JSON.stringify(Object.values(group)), group, counts };
}

/**
 * Moves the counts summary by what the batch changed: each changed row takes its old self out of
 * its old group and puts its new self in. Done in the transaction that writes the rows, from the
 * rows as they were stored, so the counts always equal counting the rows (a replayed event changes
 * no row, and so no count).
 */
async function moveCounts(db: PoolClient, t: ProjectionTables, changes: readonly [InitiativeSummary | undefined, InitiativeSummary][]): Promise<void> {
  const deltas = new Map<string, { group: Record<string, string | number>; counts: number[] }>();
  const add = (row: InitiativeSummary, sign: 1 | -1) => {
    const { key, group, counts } = contribution(row);
    const delta = deltas.get(key) ?? { group, counts: COUNTERS.map(() => 0) };
    counts.forEach((c, i) => (delta.counts[i] += sign * c));
    deltas.set(key, delta);
  };
  for (const [old, now] of changes) {
    if (old) add(old, -1);
    add(now, 1);
  }
  const rows = [...deltas.values()].filter((d) => d.counts.some((c) => c !== 0)).map((d) => ({ ...d.group, ...Object.fromEntries(COUNTERS.map((c, i) => [c, d.counts[i]])) }));
  if (rows.length === 0) return;
  const table = t.name('stats');
  const columns = ['movement_id', 'year', 'level', 'field', 'status', ...COUNTERS].join(', ');
  const { rows: emptied } = await db.query<{ movement_id: string; year: number; level: string; field: string; status: string; initiatives: number }>(
    `INSERT INTO ${table} AS s (${columns}) SELECT ${columns} FROM json_populate_recordset(null::${table}, $1::json)
     ON CONFLICT (movement_id, year, level, field, status) DO UPDATE SET ${COUNTERS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}
     RETURNING movement_id, year, level, field, status, initiatives`,
    [JSON.stringify(rows)],
  );
  // A group every initiative has left goes (its milestones are zero too): the table holds only groups
  // that exist, the same whichever batches built it.
  const gone = emptied.filter((r) => r.initiatives === 0);
  if (gone.length > 0) {
    await db.query(
      `DELETE FROM ${table} WHERE initiatives = 0 AND (movement_id, year, level, field, status) IN
         (SELECT movement_id, year, level, field, status FROM json_populate_recordset(null::${table}, $1::json))`,
      [JSON.stringify(gone)],
    );
  }
}

/**
 * Writes the batch's replications and keeps the replication summary, in one statement. Counters
 * move only by what was new: a replication counts when its row is inserted, a unit (an initiative)
 * when its membership row for the scope and level is — so replaying a batch adds nothing.
 */
async function addReplications(db: PoolClient, t: ProjectionTables, replications: readonly ReplicationRow[]): Promise<void> {
  if (replications.length === 0) return;
  const [rows, levels, units, initiatives] = [t.name('replications'), t.name('replication_levels'), t.name('replication_units'), t.name('replication_initiatives')];
  await db.query(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json)
         AS r(initiative_id text, replication_id text, adopting_unit_id text, level text, started_on text, reported_at timestamptz, movement_id text)),
     added AS (
       INSERT INTO ${rows} (initiative_id, replication_id, adopting_unit_id, level, started_on, reported_at)
       SELECT initiative_id, replication_id, adopting_unit_id, level, started_on, reported_at FROM input
       ON CONFLICT (initiative_id, replication_id) DO NOTHING RETURNING initiative_id, replication_id),
     scoped AS (
       SELECT s.scope, i.level, i.adopting_unit_id, i.initiative_id
         FROM input i JOIN added a USING (initiative_id, replication_id) CROSS JOIN LATERAL (VALUES ($2::text), (i.movement_id)) AS s(scope)),
     new_units AS (
       INSERT INTO ${units} (scope, level, adopting_unit_id) SELECT DISTINCT scope, level, adopting_unit_id FROM scoped
       ON CONFLICT DO NOTHING RETURNING scope, level),
     new_initiatives AS (
       INSERT INTO ${initiatives} (scope, initiative_id, level) SELECT DISTINCT scope, initiative_id, level FROM scoped
       ON CONFLICT DO NOTHING RETURNING scope, level),
     deltas AS (
       SELECT scope, level, 1 AS replications, 0 AS adopting_units, 0 AS initiatives FROM scoped
       UNION ALL SELECT scope, level, 0, 1, 0 FROM new_units
       UNION ALL SELECT scope, level, 0, 0, 1 FROM new_initiatives)
     INSERT INTO ${levels} AS l (scope, level, replications, adopting_units, initiatives)
     SELECT scope, level, sum(replications), sum(adopting_units), sum(initiatives) FROM deltas GROUP BY scope, level
     ON CONFLICT (scope, level) DO UPDATE SET replications = l.replications + EXCLUDED.replications,
       adopting_units = l.adopting_units + EXCLUDED.adopting_units, initiatives = l.initiatives + EXCLUDED.initiatives`,
    [JSON.stringify(replications), ALL_MOVEMENTS],
  );
}

/** Units registered in this batch are written and remembered for the initiatives registered after them. */
async function applyUnits(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables): Promise<Map<string, UnitInfo>> {
  const units = new Map<string, UnitInfo>();
  const rows = events
    .filter((e) => e.type === 'UnitRegistered')
    .map((e) => (e.data as UnitRegistered['data']))
    .map((d) => ({ unit_id: d.unitId, name: d.name, level: d.level }));
  for (const row of rows) units.set(row.unit_id, { name: row.name, level: row.level });
  await upsertRows(db, t.name('units'), ['unit_id', 'name', 'level'], ['unit_id'], rows, 'nothing');
  return units;
}

async function loadUnits(db: PoolClient, t: ProjectionTables, units: Map<string, UnitInfo>, wanted: readonly string[]): Promise<void> {
  const missing = [...new Set(wanted)].filter((id) => !units.has(id));
  for (const [id, row] of await rowsByKey<{ name: string; level: string }>(db, t.name('units'), 'unit_id', missing)) units.set(id, { name: row.name, level: row.level });
}

function fromDb(row: InitiativeSummary): InitiativeSummary {
  const copy: Record<string, unknown> = { ...row };
  delete copy.search;
  delete copy.search_text;
  for (const column of TIMESTAMPS) copy[column] = iso(copy[column]);
  return copy as unknown as InitiativeSummary;
}
