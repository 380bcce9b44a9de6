import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@laurel/event-store';
import { councilDecider, initiativeRecognition, movementDecider, unitDecider, userDecider, workflowDefinitionDecider, type DomainEvent } from '@laurel/domain';
import { batches, ReadModelBench } from '../../test/read-model-fixtures';
import { rebuildReadModel } from '../operations/rebuild';
import { referenceProjection, referenceStates, type ReferenceCategory } from './reference.projection';

describe('reference read model', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  /** One stream of each reference category, with updates, and an initiative the projection ignores. */
  async function givenReferenceData(tag: string): Promise<RecordedEvent[]> {
    const at = '2030-01-01T08:00:00.000Z';
    const streams = await Promise.all([
      bench.append(`unit-${tag}-u`, [{ type: 'UnitRegistered', data: { unitId: `${tag}-u`, name: 'Phường Một', level: 'commune' } }]),
      bench.append(`user-${tag}-a`, [{ type: 'UserRegistered', data: { userId: `${tag}-a`, name: 'Lê Văn A', email: 'a@x.org', roles: ['unit_officer'], unitId: `${tag}-u` } }]),
      bench.append(`council-${tag}-c`, [
        { type: 'CouncilCreated', data: { councilId: `${tag}-c`, name: 'Hội đồng', unitId: `${tag}-u`, level: 'commune', members: [{ userId: `${tag}-a`, role: 'chair' }] } },
        { type: 'MemberAdded', data: { councilId: `${tag}-c`, userId: `${tag}-b`, role: 'member' } },
        { type: 'MemberRemoved', data: { councilId: `${tag}-c`, userId: `${tag}-b` } },
        { type: 'MemberAdded', data: { councilId: `${tag}-c`, userId: `${tag}-d`, role: 'secretary' } },
      ]),
      bench.append(`workflow-${tag}-w`, [
        { type: 'DefinitionPublished', data: { definitionId: `${tag}-w`, version: 1, definition: { ...initiativeRecognition, id: `${tag}-w`, version: 1 }, publishedAt: at } },
        { type: 'DefinitionPublished', data: { definitionId: `${tag}-w`, version: 2, definition: { ...initiativeRecognition, id: `${tag}-w`, version: 2 }, publishedAt: at } },
      ]),
      bench.append(`movement-${tag}-m`, [
        { type: 'MovementDrafted', data: { movementId: `${tag}-m`, title: 'Phong trào', kind: 'thematic', organizerUnitId: `${tag}-u`, workflowId: `${tag}-w`, fields: ['economy'], startsOn: '2030-01-01', endsOn: '2030-12-31', draftedAt: at } },
        { type: 'MovementLaunched', data: { movementId: `${tag}-m`, launchedAt: at } },
      ]),
      bench.append(`initiative-${tag}-i`, [{ type: 'InitiativeRegistered', data: { initiativeId: `${tag}-i`, movementId: `${tag}-m`, unitId: `${tag}-u`, title: 't', summary: 's', field: 'economy', authors: [], definitionId: `${tag}-w`, definitionVersion: 1, registeredAt: at } }]),
    ]);
    return streams.flat().sort((a, b) => (a.position < b.position ? -1 : 1));
  }

  /** What folding the log's streams of a category with its decider gives (what the lists answered before). */
  function folded(events: readonly RecordedEvent[], category: ReferenceCategory, tag: string): unknown[] {
    const decider = { unit: unitDecider, user: userDecider, council: councilDecider, workflow: workflowDefinitionDecider, movement: movementDecider }[category] as unknown as {
      evolve(s: unknown, e: DomainEvent): unknown;
      initialState(): unknown;
    };
    const states = new Map<string, unknown>();
    for (const e of events.filter((e) => e.streamName.startsWith(`${category}-${tag}`))) {
      states.set(e.streamName, decider.evolve(states.get(e.streamName) ?? decider.initialState(), { type: e.type, data: e.data } as DomainEvent));
    }
    return [...states.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => JSON.parse(JSON.stringify(s)) as unknown);
  }

  const mine = (states: unknown[], tag: string) => states.filter((s) => JSON.stringify(s).includes(tag));
  const CATEGORIES: ReferenceCategory[] = ['unit', 'user', 'council', 'workflow', 'movement'];

  it('holds for each unit, user, council, workflow and movement the state its decider folds from the log', async () => {
    const tag = `ref${randomUUID().slice(0, 8)}`;
    const events = await givenReferenceData(tag);
    const tables = await bench.tables(referenceProjection);
    await bench.apply(referenceProjection, tables, events);
    for (const category of CATEGORIES) {
      const states = mine(await referenceStates(bench.pool, category, tables.name('states')), tag);
      expect(states).toEqual(folded(events, category, tag));
      expect(states).toHaveLength(1);
    }
    const { rows } = await bench.pool.query(`SELECT count(*)::int AS n FROM ${tables.name('states')} WHERE stream_name LIKE 'initiative-%'`);
    expect(rows[0].n).toBe(0);
  });

  it('applying the same events twice, in overlapping batches, leaves the same states', async () => {
    const tag = `ref${randomUUID().slice(0, 8)}`;
    const events = await givenReferenceData(tag);
    const once = await bench.tables(referenceProjection);
    await bench.apply(referenceProjection, once, events);
    const twice = await bench.tables(referenceProjection);
    for (const batch of batches(events, 3)) await bench.apply(referenceProjection, twice, batch);
    await bench.apply(referenceProjection, twice, events);
    const rows = async (t: typeof once) => (await bench.pool.query(`SELECT * FROM ${t.name('states')} ORDER BY stream_name`)).rows;
    expect(await rows(twice)).toEqual(await rows(once));
  });

  it('is rebuilt from the log into a new version that equals the live one', async () => {
    const tag = `ref${randomUUID().slice(0, 8)}`;
    const events = await givenReferenceData(tag);
    const live = await bench.tables(referenceProjection);
    await bench.apply(referenceProjection, live, events);
    const result = await rebuildReadModel(bench.pool, bench.store, referenceProjection, { batchSize: 500 });
    const rebuilt = { name: (t: string) => `rm_reference_v${result.version}_${t}` };
    for (const category of CATEGORIES) {
      expect(mine(await referenceStates(bench.pool, category, rebuilt.name('states')), tag)).toEqual(mine(await referenceStates(bench.pool, category, live.name('states')), tag));
    }
  });
});
