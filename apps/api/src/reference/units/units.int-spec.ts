import { randomUUID } from 'node:crypto';
import { ApiHarness } from '../../../../../test/api-harness';
import { registerUnit, registerUser } from '../reference.fixtures';

describe('units API', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api.close());

  it('an administrator registers a unit and finds it in the list', async () => {
    const id = `hanoi-${randomUUID()}`;
    const created = await api.as('admin').post('/units').send({ id, name: 'Hà Nội', level: 'province' }).expect(201);
    expect(created.body).toEqual({ id, version: 1, position: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const list = await api.as('admin').get(`/units?level=province&minPosition=${created.body.position}`).expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ unitId: id, name: 'Hà Nội', level: 'province' })]));
  });

  it('registering the same unit twice is a 409 ALREADY_EXISTS', async () => {
    const id = `dup-${randomUUID()}`;
    await api.as('admin').post('/units').send({ id, name: 'A', level: 'province' }).expect(201);
    const again = await api.as('admin').post('/units').send({ id, name: 'A', level: 'province' }).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
  });

  it('rejects an unknown field, a wrong type and malformed JSON with 400, never 500', async () => {
    const unknown = await api.as('admin').post('/units').send({ name: 'A', level: 'province', colour: 'red' }).expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
    const wrongType = await api.as('admin').post('/units').send({ name: 42, level: 'province' }).expect(400);
    expect(wrongType.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    const malformed = await api.as('admin').post('/units').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });

  it('needs a token (401) and the administrator role (403)', async () => {
    const anonymous = await api.anonymous.post('/units').send({ name: 'A', level: 'province' }).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const stranger = await api.as('nobody').post('/units').send({ name: 'A', level: 'province' }).expect(401);
    expect(stranger.body.code).toBe('UNAUTHENTICATED');
    const officer = await registerUser(api, ['unit_officer']);
    const forbidden = await api.as(officer).post('/units').send({ name: 'A', level: 'province' }).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });

  it('a parent unit must be registered, and children are listed by parent', async () => {
    const unknownParent = await api.as('admin').post('/units').send({ name: 'A', level: 'district', parentId: 'no-such-unit' }).expect(400);
    expect(unknownParent.body.problems).toEqual(['parentId: no registered unit "no-such-unit"']);
    const parentId = await registerUnit(api);
    const child = await registerUnit(api, { level: 'district', parentId });
    const list = await api.as('admin').get(`/units?parentId=${parentId}`).expect(200);
    expect(list.body).toEqual({ items: [expect.objectContaining({ unitId: child, parentId, level: 'district' })], nextCursor: null });
  });

  it('10 repeats with one Idempotency-Key write one event and return the first response', async () => {
    const key = randomUUID();
    const id = `idem-${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.as('admin').post('/units').set('Idempotency-Key', key).send({ id, name: 'Idem', level: 'province' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(responses[0].body.version).toBe(1);
  });
});
