import { randomUUID } from 'node:crypto';
import { CommandRunner, streams, type RequestMeta } from '@laurel/application';
import { initiativeDecider, movementDecider, workflowDefinitionDecider, type Actor, type InitiativeCommand, type WorkflowDefinition } from '@laurel/domain';
import { ApiHarness } from '../../../../../test/api-harness';
import { POSITION, caughtUp, registerUnit, registerUser, uniqueId } from '../reference.fixtures';

// A movement summary still folds every initiative stream of its movement (issue 13, item 5): on
// the run's shared database, after the scenario tests, that takes seconds.
jest.setTimeout(120_000);

describe('movements API', () => {
  let api: ApiHarness;
  let unitId: string;
  let officer: string;
  let strangerOfficer: string;
  let auditor: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    unitId = await registerUnit(api);
    officer = await registerUser(api, ['unit_officer'], unitId);
    strangerOfficer = await registerUser(api, ['unit_officer']);
    auditor = await registerUser(api, ['auditor'], unitId);
  });
  afterAll(() => api.close());

  const movement = (overrides: Record<string, unknown> = {}) => ({
    title: 'Phong trào Thi đua "Cả nước chung tay vì người nghèo"',
    organizerUnitId: unitId,
    kind: 'regular',
    fields: ['economy', 'culture-society'],
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
    workflowId: 'initiative-recognition',
    ...overrides,
  });
  const draft = async (as = 'admin') => (await api.as(as).post('/movements').send(movement({ id: uniqueId('movement') })).expect(201)).body.id as string;
  const launched = async () => {
    const id = await draft();
    await api.as('admin').post(`/movements/${id}/launch`).send({}).expect(200);
    return id;
  };

  /** Initiatives registered (and one cultivated) under a movement, through the engine itself. */
  async function registerInitiatives(movementId: string, fields: string[]): Promise<void> {
    const runner = api.app.get(CommandRunner);
    const actor: Actor = { userId: officer, roles: ['unit_officer'], unitId };
    const definition = (await runner.load(streams.workflow('initiative-recognition'), workflowDefinitionDecider)).state;
    if (definition.status !== 'published') throw new Error('the shipped definition is missing');
    const latest: WorkflowDefinition = definition.latest;
    const run = async (initiativeId: string, command: InitiativeCommand) => {
      const movementState = (await runner.load(streams.movement(movementId), movementDecider)).state;
      const meta: RequestMeta = { actor, correlationId: randomUUID() };
      return runner.run({ stream: streams.initiative(initiativeId), id: initiativeId, decider: initiativeDecider, command, meta, context: (_s, now) => ({ now, actor, definition: latest, movement: movementState }) });
    };
    const ids = fields.map(() => uniqueId('initiative'));
    for (const [i, field] of fields.entries()) {
      await run(ids[i], { type: 'register', data: { initiativeId: ids[i], movementId, unitId, title: `Initiative ${i}`, summary: 'Summary', field, authors: [{ name: 'Trần Thị B' }] } });
    }
    const last = await run(ids[0], { type: 'reportProgress', data: { reportId: randomUUID(), summary: 'Halfway there' } });
    // The summary counts what the global feed shows, which includes a commit once older transactions end.
    await caughtUp(api, last.position);
  }

  it('an administrator drafts a movement, which is listed and readable with its version', async () => {
    const id = uniqueId('movement');
    const created = await api.as('admin').post('/movements').send(movement({ id })).expect(201);
    expect(created.body).toEqual({ id, version: 1, position: expect.stringMatching(POSITION) });
    const read = await api.as(auditor).get(`/movements/${id}`).expect(200);
    expect(read.body).toEqual({ ...movement(), status: 'draft', movementId: id, summaries: [], version: 1 });
    const list = await api.as(auditor).get(`/movements?status=draft&organizerUnitId=${unitId}&minPosition=${created.body.position}`).expect(200);
    expect(list.body).toEqual({ items: expect.arrayContaining([expect.objectContaining({ movementId: id, status: 'draft' })]), nextCursor: null });
  });

  it('a movement is launched and then closed, each a 200 with the next version; going back is a 409', async () => {
    const id = await draft();
    expect((await api.as('admin').post(`/movements/${id}/launch`).send({}).expect(200)).body).toEqual({ id, version: 2, position: expect.stringMatching(POSITION) });
    expect((await api.as('admin').post(`/movements/${id}/close`).expect(200)).body).toMatchObject({ id, version: 3 });
    expect((await api.as('admin').get(`/movements/${id}`).expect(200)).body).toMatchObject({ status: 'closed', version: 3 });
    expect((await api.as('admin').post(`/movements/${id}/launch`).send({}).expect(409)).body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it("a summary freezes counts of the movement's own initiatives per status and field", async () => {
    const id = await launched();
    await registerInitiatives(id, ['economy', 'economy', 'culture-society']);
    const otherMovement = await launched();
    await registerInitiatives(otherMovement, ['economy']);
    const recorded = await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'preliminary', note: 'Sơ kết giữa kỳ' }).expect(200);
    expect(recorded.body).toMatchObject({ id, version: 3 });
    const read = await api.as('admin').get(`/movements/${id}`).expect(200);
    expect(read.body.summaries).toEqual([
      {
        kind: 'preliminary',
        note: 'Sơ kết giữa kỳ',
        statistics: { initiatives: 3, byStatus: { cultivating: 1, registered: 2 }, byField: { economy: 2, 'culture-society': 1 } },
        recordedAt: expect.any(String),
      },
    ]);
  });

  it('a final summary follows the close, once; a preliminary one needs a launched movement', async () => {
    const id = await draft();
    expect((await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'preliminary' }).expect(409)).body.code).toBe('TRANSITION_NOT_ALLOWED');
    await api.as('admin').post(`/movements/${id}/launch`).send({}).expect(200);
    await api.as('admin').post(`/movements/${id}/close`).send({}).expect(200);
    const final = await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'final' }).expect(200);
    expect(final.body.version).toBe(4);
    expect((await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'final' }).expect(409)).body.code).toBe('ALREADY_EXISTS');
    const read = await api.as('admin').get(`/movements/${id}`).expect(200);
    expect(read.body.summaries).toEqual([{ kind: 'final', statistics: { initiatives: 0, byStatus: {}, byField: {} }, recordedAt: expect.any(String) }]);
  });

  it('the organising unit\'s officer runs the movement; an officer of another unit or an auditor gets 403', async () => {
    const id = await draft(officer);
    await api.as(officer).post(`/movements/${id}/launch`).send({}).expect(200);
    for (const path of [`/movements/${id}/close`, `/movements/${id}/summaries`]) {
      const body = path.endsWith('summaries') ? { kind: 'preliminary' } : {};
      expect((await api.as(strangerOfficer).post(path).send(body).expect(403)).body.code).toBe('FORBIDDEN');
    }
    expect((await api.as(strangerOfficer).post('/movements').send(movement()).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await api.as(auditor).post('/movements').send(movement()).expect(403)).body.code).toBe('FORBIDDEN');
    await api.as(auditor).post(`/movements/${id}/close`).send({}).expect(403);
    await api.as(officer).post(`/movements/${id}/summaries`).send({ kind: 'preliminary' }).expect(200);
    await api.as(officer).post(`/movements/${id}/close`).send({}).expect(200);
  });

  it('every movement route needs a token (401)', async () => {
    const id = await draft();
    await api.anonymous.post('/movements').send(movement()).expect(401);
    for (const path of [`/movements/${id}/launch`, `/movements/${id}/close`, `/movements/${id}/summaries`]) await api.anonymous.post(path).send({}).expect(401);
    for (const path of ['/movements', `/movements/${id}`]) expect((await api.anonymous.get(path).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('an unknown movement is a 404 NOT_FOUND for reads and commands', async () => {
    expect((await api.as('admin').get('/movements/no-such-movement').expect(404)).body.code).toBe('NOT_FOUND');
    for (const [path, body] of [['launch', {}], ['close', {}], ['summaries', { kind: 'final' }]] as const) {
      expect((await api.as('admin').post(`/movements/no-such-movement/${path}`).send(body).expect(404)).body.code).toBe('NOT_FOUND');
    }
  });

  it('the organising unit and the workflow must exist', async () => {
    const response = await api.as('admin').post('/movements').send(movement({ organizerUnitId: 'ghost-unit', workflowId: 'ghost-flow' })).expect(400);
    expect(response.body.problems).toEqual(['organizerUnitId: no registered unit "ghost-unit"', 'workflowId: no published workflow "ghost-flow"']);
  });

  it('rejects unknown fields, wrong types, bad dates and non-empty command bodies with 400', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [movement({ colour: 'red' }), 'colour'],
      [movement({ title: 42 }), 'title'],
      [movement({ kind: 'eternal' }), 'kind'],
      [movement({ fields: 'economy' }), 'fields'],
      [movement({ fields: [] }), 'fields'],
      [movement({ fields: ['economy', 7] }), 'fields'],
      [movement({ startsOn: 'next spring' }), 'startsOn'],
      [movement({ endsOn: '2025-02-30' }), 'endsOn'],
      [movement({ workflowId: 'a b' }), 'workflowId'],
    ];
    for (const [body, field] of cases) {
      const response = await api.as('admin').post('/movements').send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const backwards = await api.as('admin').post('/movements').send(movement({ startsOn: '2026-01-01', endsOn: '2025-01-01' })).expect(400);
    expect(backwards.body.detail).toBe('endsOn is before startsOn');
    const id = await draft();
    expect((await api.as('admin').post(`/movements/${id}/launch`).send({ force: true }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'force' })]);
    expect((await api.as('admin').post(`/movements/${id}/launch`).send([1]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'interim' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect((await api.as('admin').post(`/movements/${id}/summaries`).send({ kind: 'final', statistics: {} }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'statistics' })]);
    expect((await api.as('admin').get('/movements?status=lost').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    await api.as('admin').post('/movements/bad%00id/launch').send({}).expect(400);
  });
});
