import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { initiativesProjection, ReadModelSupervisor } from '@laurel/read-models';
import { ApiHarness } from '../../../../test/api-harness';
import { ReadModelBench } from '../../../../libs/read-models/test/read-model-fixtures';

/** GET /workflows/{id}/stages: the console's diagram shows how many initiatives stand in each stage now. */
describe('stage counts of a workflow definition', () => {
  let api: ApiHarness;
  let bench: ReadModelBench;
  let supervisor: ReadModelSupervisor;
  const definitionId = `wf-stages-${randomUUID().slice(0, 8)}`;

  const register = (id: string, version: number) => ({
    type: 'InitiativeRegistered',
    data: { initiativeId: id, movementId: 'mv-stages', unitId: 'hanoi', title: `Initiative ${id}`, summary: 's', field: 'economy', authors: [{ name: 'Lê Văn C' }], definitionId, definitionVersion: version, registeredAt: '2026-03-01T08:00:00.000Z' },
  });
  const stage = (id: string, from: string | null, to: string, version: number) => ({
    type: 'StageChanged',
    data: { initiativeId: id, from, to, through: [], via: 'register', timers: [], definitionId, definitionVersion: version, at: '2026-03-01T08:00:00.000Z' },
  });

  beforeAll(async () => {
    process.env.READ_MODEL_WAIT_MS = '3000';
    api = await ApiHarness.start();
    bench = await ReadModelBench.open();
    supervisor = new ReadModelSupervisor(api.app.get(Pool), api.app.get<EventStore>(EVENT_STORE), initiativesProjection, { followMs: 200, leaseRetryMs: 100 });
    await supervisor.start();
  });
  afterAll(async () => {
    await supervisor.stop();
    await bench.close();
    await api.close();
  });

  it('counts the initiatives of a definition per stage now, in total and per version, and reads its own writes', async () => {
    const ids = [1, 2, 3].map((n) => `${definitionId}-i${n}`);
    await bench.append(`initiative-${ids[0]}`, [register(ids[0], 1), stage(ids[0], null, 'registered', 1)]);
    await bench.append(`initiative-${ids[1]}`, [register(ids[1], 1), stage(ids[1], null, 'registered', 1), stage(ids[1], 'registered', 'nominated', 1)]);
    const last = await bench.append(`initiative-${ids[2]}`, [register(ids[2], 2), stage(ids[2], null, 'registered', 2)]);
    const minPosition = last[last.length - 1].position;

    const body = (await api.as('admin').get(`/workflows/${definitionId}/stages?minPosition=${minPosition}`).expect(200)).body;
    expect(body).toEqual({
      definitionId,
      total: 3,
      stages: [
        { stage: 'nominated', count: 1 },
        { stage: 'registered', count: 2 },
      ],
      byVersion: [
        { definitionVersion: 1, stage: 'nominated', count: 1 },
        { definitionVersion: 1, stage: 'registered', count: 1 },
        { definitionVersion: 2, stage: 'registered', count: 1 },
      ],
    });
  });

  it('an unknown definition has no initiatives in any stage; a malformed id or position is a 400 problem', async () => {
    expect((await api.as('admin').get(`/workflows/${definitionId}-none/stages`).expect(200)).body).toEqual({ definitionId: `${definitionId}-none`, total: 0, stages: [], byVersion: [] });
    expect((await api.as('admin').get('/workflows/%20bad/stages').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get(`/workflows/${definitionId}/stages?minPosition=zz`).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('asks for a signed-in user', async () => {
    await api.anonymous.get(`/workflows/${definitionId}/stages`).expect(401);
  });
});
