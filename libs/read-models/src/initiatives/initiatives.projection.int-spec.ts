import { evolveInitiative, initialInitiativeState, type InitiativeEvent, type InitiativeState } from '@laurel/domain';
import type { RecordedEvent } from '@laurel/event-store';
import { batches, ReadModelBench } from '../../test/read-model-fixtures';
import { initiativesProjection } from './initiatives.projection';
import { countInitiatives, initiativeFunnel, replicationStatistics } from './statistics.reader';
import { initiativeSource, listInitiatives } from './initiatives.reader';

const stage = (to: string, at: string, through: string[] = []) => ({ type: 'StageChanged', data: { initiativeId: 'x', from: null, to, through, via: 'register', timers: [], definitionId: 'initiative-recognition', definitionVersion: 1, at } });

describe('initiatives projection', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  async function givenHistory(id: string, unitId: string): Promise<RecordedEvent[]> {
    const unit = await bench.append(`unit-${unitId}`, [{ type: 'UnitRegistered', data: { unitId, name: 'Residential group 7', level: 'grassroots' } }]);
    return unit.concat(await bench.append(`initiative-${id}`, [
      { type: 'InitiativeRegistered', data: { initiativeId: id, movementId: 'mv-1', unitId, title: 'Clean alleys', summary: 'Residents sweep together', field: 'economy', authors: [{ name: 'Nguyễn Văn A', userId: 'a1' }], definitionId: 'initiative-recognition', definitionVersion: 1, registeredAt: '2024-03-01T08:00:00.000Z' } },
      stage('registered', '2024-03-01T08:00:00.000Z'),
      { type: 'InitiativeNominated', data: { initiativeId: id, awardForm: 'certificate_of_merit', councilId: 'c-d', level: 'district', statement: 's', documents: [], definitionId: 'initiative-recognition', definitionVersion: 1, nominatedAt: '2024-04-01T08:00:00.000Z' } },
      stage('nominated', '2024-04-01T08:00:00.000Z'),
      stage('recommended', '2024-05-01T08:00:00.000Z', ['review_closed']),
      { type: 'ConsultationOpened', data: { initiativeId: id, consultationId: 'k1', opensAt: '2024-05-02T08:00:00.000Z', closesAt: '2024-05-09T08:00:00.000Z' } },
      stage('consultation', '2024-05-02T08:00:00.000Z'),
      { type: 'AwardGranted', data: { initiativeId: id, awardForm: 'merit_certificate', level: 'district', decisionNo: 'QD-1', decidedOn: '2024-05-20', signedBy: 'Chair', definitionId: 'initiative-recognition', definitionVersion: 1, countsTowardsHigherAwards: true, grantedAt: '2024-05-20T08:00:00.000Z' } },
      stage('awarded', '2024-05-20T08:00:00.000Z'),
      { type: 'InitiativePublished', data: { initiativeId: id, channel: 'portal', publishedAt: '2024-06-01T08:00:00.000Z' } },
      stage('published', '2024-06-01T08:00:00.000Z'),
      { type: 'ReplicationReported', data: { initiativeId: id, replicationId: 'r1', adoptingUnitId: 'u-a', startedOn: '2024-07-01', level: 'district', reportedAt: '2024-07-01T08:00:00.000Z' } },
      stage('replicating', '2024-07-01T08:00:00.000Z', ['replication_check']),
      { type: 'ReplicationReported', data: { initiativeId: id, replicationId: 'r2', adoptingUnitId: 'u-a', startedOn: '2024-07-02', level: 'district', reportedAt: '2024-07-02T08:00:00.000Z' } },
    ]));
  }

  it('folds an initiative from registration to replication into one summary row with its milestones', async () => {
    const id = `i-${Date.now()}`;
    const events = await givenHistory(id, `g7-${id}`);
    const tables = await bench.tables(initiativesProjection);
    await bench.apply(initiativesProjection, tables, events);
    const { rows } = await bench.pool.query(`SELECT * FROM ${tables.name('initiatives')}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      initiative_id: id, version: 14, status: 'replicating', level: 'district', unit_name: 'Residential group 7', field: 'economy', year: 2024,
      award_form: 'merit_certificate', adopting_units: 1, consultation_id: 'k1', publication_channel: 'portal',
      nominated_at: new Date('2024-04-01T08:00:00.000Z'), recommended_at: new Date('2024-05-01T08:00:00.000Z'), awarded_at: new Date('2024-05-20T08:00:00.000Z'),
      published_at: new Date('2024-06-01T08:00:00.000Z'), replicated_at: new Date('2024-07-01T08:00:00.000Z'), revoked_at: null,
    });
    const replications = await bench.pool.query(`SELECT replication_id, adopting_unit_id FROM ${tables.name('replications')} ORDER BY replication_id`);
    expect(replications.rows).toEqual([{ replication_id: 'r1', adopting_unit_id: 'u-a' }, { replication_id: 'r2', adopting_unit_id: 'u-a' }]);
  });

  it('applying the same events twice, in overlapping batches, leaves the same rows', async () => {
    const id = `i-${Date.now()}-twice`;
    const events = await givenHistory(id, `g8-${id}`);
    const once = await bench.tables(initiativesProjection);
    await bench.apply(initiativesProjection, once, events);
    const twice = await bench.tables(initiativesProjection);
    for (const batch of batches(events, 4)) await bench.apply(initiativesProjection, twice, batch);
    await bench.apply(initiativesProjection, twice, events.slice(3, 12));
    await bench.apply(initiativesProjection, twice, events);
    const snapshot = async (t: typeof once) => {
      const rows = async (table: string, order: string) => (await bench.pool.query(`SELECT * FROM ${t.name(table)} ORDER BY ${order}`)).rows;
      return [
        await rows('initiatives', 'initiative_id'),
        await rows('replications', 'replication_id'),
        await rows('replication_levels', 'scope, level'),
        await rows('replication_units', 'scope, level, adopting_unit_id'),
        await rows('replication_initiatives', 'scope, initiative_id, level'),
        await rows('stats', 'movement_id, year, level, field, status'),
      ];
    };
    expect(await snapshot(twice)).toEqual(await snapshot(once));
  });

  it('counts per status and the funnel agree with the domain folding every synthetic history', async () => {
    const { events, initiativeIds } = await bench.syntheticHistory(150, 42);
    const tables = await bench.tables(initiativesProjection);
    for (const batch of batches(events, 500)) await bench.apply(initiativesProjection, tables, batch);
    const source = initiativeSource(tables);

    const states = new Map<string, InitiativeState>();
    for (const e of events) {
      if (!e.streamName.startsWith('initiative-')) continue;
      states.set(e.streamName, evolveInitiative(states.get(e.streamName) ?? initialInitiativeState(), { type: e.type, data: e.data } as InitiativeEvent));
    }
    const initiatives = [...states.values()].filter((s): s is Extract<InitiativeState, { kind: 'initiative' }> => s.kind === 'initiative');
    expect(initiatives).toHaveLength(initiativeIds.length);
    const expectedByStatus = new Map<string, number>();
    for (const s of initiatives) expectedByStatus.set(s.stage, (expectedByStatus.get(s.stage) ?? 0) + 1);

    const counted = await countInitiatives(bench.pool, {}, ['status'], source);
    expect(counted.total).toBe(initiativeIds.length);
    expect(new Map(counted.groups.map((g) => [g.status as string, g.count]))).toEqual(expectedByStatus);

    const funnel = await initiativeFunnel(bench.pool, {}, source);
    expect(funnel).toEqual({
      registered: initiatives.length,
      nominated: events.filter((e) => e.type === 'InitiativeNominated').map((e) => e.streamName).filter((s, i, all) => all.indexOf(s) === i).length,
      recommended: initiatives.filter((s) => s.reviews.some((r) => r.status === 'closed' && r.outcome === 'recommended')).length,
      awarded: initiatives.filter((s) => s.recognitions.length > 0).length,
      published: initiatives.filter((s) => s.publications.length > 0).length,
      replicated: initiatives.filter((s) => s.replications.length > 0).length,
    });
  });

  it('lists by filter and text search with keyset pages that return every row exactly once', async () => {
    const { events, initiativeIds } = await bench.syntheticHistory(60, 7);
    const tables = await bench.tables(initiativesProjection);
    await bench.apply(initiativesProjection, tables, events);
    const source = initiativeSource(tables);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInitiatives(bench.pool, {}, { limit: 7, cursor }, source);
      seen.push(...page.items.map((i) => i.initiativeId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...initiativeIds].sort());

    const economy = await listInitiatives(bench.pool, { field: 'economy', level: 'grassroots' }, { limit: 100 }, source);
    expect(economy.items.every((i) => i.field === 'economy' && i.level === 'grassroots')).toBe(true);
    const some = economy.items[0] ?? (await listInitiatives(bench.pool, {}, { limit: 1 }, source)).items[0];
    const word = some.title.split(' ')[1];
    const found = await listInitiatives(bench.pool, { q: word }, { limit: 100 }, source);
    expect(found.items.map((i) => i.initiativeId)).toContain(some.initiativeId);
    expect(found.items.every((i) => `${i.title} ${i.summary}`.toLowerCase().includes(word.toLowerCase()))).toBe(true);
  });

  it('keeps the replication summary equal to counting every replication, per level and per movement, whatever the batches', async () => {
    const { events, movementIds } = await bench.syntheticHistory(200, 11);
    const tables = await bench.tables(initiativesProjection);
    // Overlapping batches and a replay: the counters move only by what is new.
    for (const batch of batches(events, 37)) await bench.apply(initiativesProjection, tables, batch);
    await bench.apply(initiativesProjection, tables, events.slice(0, Math.floor(events.length / 2)));
    const source = initiativeSource(tables);
    const counted = async (movementId?: string) => {
      const scope = movementId ? `JOIN ${source.initiatives} i ON i.initiative_id = r.initiative_id AND i.movement_id = $1` : '';
      const { rows } = await bench.pool.query<{ level: string; units: string; replications: string; initiatives: string }>(
        `SELECT r.level, count(DISTINCT r.adopting_unit_id) AS units, count(*) AS replications, count(DISTINCT r.initiative_id) AS initiatives
           FROM ${source.replications} r ${scope} GROUP BY r.level ORDER BY r.level`,
        movementId ? [movementId] : [],
      );
      return rows.map((r) => ({ level: r.level, adoptingUnits: +r.units, replications: +r.replications, initiatives: +r.initiatives }));
    };
    const all = await replicationStatistics(bench.pool, {}, { limit: 500 }, source);
    expect(all.byLevel.length).toBeGreaterThan(0);
    expect(all.byLevel).toEqual(await counted());
    for (const movementId of movementIds) expect((await replicationStatistics(bench.pool, { movementId }, { limit: 5 }, source)).byLevel).toEqual(await counted(movementId));

    // The page lists every replicated initiative once, in id order, with its adopting units per level.
    const replicated = (await bench.pool.query<{ id: string }>(`SELECT DISTINCT initiative_id AS id FROM ${source.replications} ORDER BY 1`)).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await replicationStatistics(bench.pool, {}, { limit: 7, cursor }, source);
      seen.push(...page.items.map((i) => i.initiativeId));
      for (const item of page.items) expect(item.byLevel.reduce((n, l) => n + l.adoptingUnitIds.length, 0)).toBeGreaterThanOrEqual(item.adoptingUnits);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(replicated);
    const inMovement = await replicationStatistics(bench.pool, { movementId: movementIds[0] }, { limit: 500 }, source);
    const expected = await bench.pool.query<{ id: string }>(
      `SELECT DISTINCT r.initiative_id AS id FROM ${source.replications} r JOIN ${source.initiatives} i USING (initiative_id) WHERE i.movement_id = $1 ORDER BY 1`,
      [movementIds[0]],
    );
    expect(inMovement.items.map((i) => i.initiativeId)).toEqual(expected.rows.map((r) => r.id));
  });

  it('keeps the counts summary equal to counting the rows, for every grouping and filter, whatever the batches', async () => {
    const { events, movementIds } = await bench.syntheticHistory(200, 23);
    const tables = await bench.tables(initiativesProjection);
    for (const batch of batches(events, 41)) await bench.apply(initiativesProjection, tables, batch);
    await bench.apply(initiativesProjection, tables, events.slice(Math.floor(events.length / 3)));
    const source = initiativeSource(tables);
    const rowCounts = async (dims: string[], filter: { movementId?: string; year?: number }) => {
      const where = [filter.movementId ? `movement_id = '${filter.movementId}'` : '', filter.year ? `year = ${filter.year}` : ''].filter(Boolean);
      const sql = `SELECT ${dims.length ? `${dims.join(', ')}, ` : ''}count(*)::int AS count FROM ${source.initiatives} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ${dims.length ? `GROUP BY ${dims.join(', ')} ORDER BY ${dims.join(', ')}` : ''}`;
      return (await bench.pool.query(sql)).rows;
    };
    const years = (await bench.pool.query<{ year: number }>(`SELECT DISTINCT year FROM ${source.initiatives} ORDER BY 1`)).rows.map((r) => r.year);
    for (const filter of [{}, { movementId: movementIds[0] }, { year: years[0] }, { movementId: movementIds[1], year: years[years.length - 1] }]) {
      for (const dims of [[], ['level'], ['status'], ['level', 'field', 'year'], ['level', 'field', 'status', 'year']] as const) {
        const summed = await countInitiatives(bench.pool, filter, dims, source);
        const expected = await rowCounts([...dims], filter);
        if (dims.length === 0) expect(summed.total).toBe(expected[0].count);
        else expect(summed.groups).toEqual(expected);
      }
      const funnel = await initiativeFunnel(bench.pool, filter, source);
      const where = [filter.movementId ? `movement_id = '${filter.movementId}'` : '', filter.year ? `year = ${filter.year}` : ''].filter(Boolean);
      const direct = (await bench.pool.query(
        `SELECT count(*)::int AS registered, count(nominated_at)::int AS nominated, count(recommended_at)::int AS recommended, count(awarded_at)::int AS awarded,
                count(published_at)::int AS published, count(replicated_at)::int AS replicated FROM ${source.initiatives} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      )).rows[0];
      expect(funnel).toEqual(direct);
    }
  });
});
