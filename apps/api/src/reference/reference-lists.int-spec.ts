import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { initiativesProjection, ReadModelSupervisor, referenceProjection } from '@laurel/read-models';
import { ApiHarness } from '../../../../test/api-harness';
import { uniqueId } from './reference.fixtures';

describe('reference lists and minPosition', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  }, 60_000);
  afterAll(() => api?.close());

  it('a list asked for the position a command returned includes that write', async () => {
    const id = uniqueId('visible');
    const created = await api.as('admin').post('/units').send({ id, name: 'Visible', level: 'commune' }).expect(201);
    for (const path of ['/units', '/users', '/councils', '/workflows', '/movements']) {
      await api.as('admin').get(`${path}?minPosition=${created.body.position}`).expect(200);
    }
    const list = await api.as('admin').get(`/units?level=commune&minPosition=${created.body.position}`).expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ unitId: id }));
  });

  it('a position the log has not reached is a 503 NOT_CAUGHT_UP with Retry-After, after a bounded wait', async () => {
    const response = await api.as('admin').get('/units?minPosition=ffffffffffffff000000000000000000').expect(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ status: 503, code: 'NOT_CAUGHT_UP' });
  }, 15_000);

  it('a malformed minPosition or cursor is a 400', async () => {
    for (const query of ['minPosition=42', 'minPosition=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', 'cursor=%00', 'limit=501', 'limit=two']) {
      const response = await api.as('admin').get(`/movements?${query}`).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('reference lists and movement summaries read the read models, not the log', () => {
  const savedWait = process.env.READ_MODEL_WAIT_MS;
  let api: ApiHarness;
  beforeAll(async () => {
    process.env.READ_MODEL_WAIT_MS = '1000';
    // No projection beside the API: the read models stand still until the test runs one.
    api = await ApiHarness.start({ projections: [] });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    if (savedWait === undefined) delete process.env.READ_MODEL_WAIT_MS;
    else process.env.READ_MODEL_WAIT_MS = savedWait;
  });

  const project = async (projection: Projection) => {
    const supervisor = new ReadModelSupervisor(api.app.get(Pool), api.app.get<EventStore>(EVENT_STORE), projection, { followMs: 200, leaseRetryMs: 100 });
    await supervisor.start();
    return supervisor;
  };

  it('a list shows a write once the reference projection has applied it: before, ?minPosition= of that write is a 503', async () => {
    const id = uniqueId('projected');
    const created = await api.as('admin').post('/units').send({ id, name: 'Projected', level: 'commune' }).expect(201);
    const behind = await api.as('admin').get(`/units?minPosition=${created.body.position}`).expect(503);
    expect(behind.body.code).toBe('NOT_CAUGHT_UP');
    const supervisor = await project(referenceProjection);
    try {
      const list = await api.as('admin').get(`/units?level=commune&minPosition=${created.body.position}`).expect(200);
      expect(list.body.items).toContainEqual({ unitId: id, name: 'Projected', level: 'commune', status: 'registered' });
    } finally {
      await supervisor.stop();
    }
  });

  it("a summary counts the movement's initiatives from the initiatives read model, and waits for it to show the whole log (503 NOT_CAUGHT_UP, nothing recorded, while it is behind)", async () => {
    const reference = await project(referenceProjection);
    try {
      const unit = (await api.as('admin').post('/units').send({ id: uniqueId('organiser'), name: 'Organiser', level: 'province' }).expect(201)).body.id as string;
      const movement = { id: uniqueId('movement'), title: 'Read-model summary', organizerUnitId: unit, kind: 'regular', fields: ['economy'], startsOn: '2025-01-01', endsOn: '2026-12-31', workflowId: 'initiative-recognition' };
      const id = (await api.as('admin').post('/movements').send(movement).expect(201)).body.id as string;
      await api.as('admin').post(`/movements/${id}/launch`).send({}).expect(200);
      const behind = await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'preliminary' }).expect(503);
      expect(behind.body.code).toBe('NOT_CAUGHT_UP');
      expect((await api.as('admin').get(`/movements/${id}`).expect(200)).body.summaries).toEqual([]);
      const initiatives = await project(initiativesProjection);
      try {
        await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'preliminary' }).expect(200);
        expect((await api.as('admin').get(`/movements/${id}`).expect(200)).body.summaries).toEqual([
          { kind: 'preliminary', statistics: { initiatives: 0, byStatus: {}, byField: {} }, recordedAt: expect.any(String) },
        ]);
      } finally {
        await initiatives.stop();
      }
    } finally {
      await reference.stop();
    }
  });
});
