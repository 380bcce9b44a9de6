import { ApiHarness } from '../../../../../test/api-harness';
import { POSITION, registerUnit, registerUser, uniqueId } from '../reference.fixtures';

describe('users API', () => {
  let api: ApiHarness;
  let unitId: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    unitId = await registerUnit(api);
  });
  afterAll(() => api.close());

  const user = (overrides: Record<string, unknown> = {}) => ({ name: 'Nguyễn Văn A', email: 'a@example.org', roles: ['unit_officer'], unitId, ...overrides });

  it('an administrator registers a user, who can then sign in and is listed with their roles and unit', async () => {
    const id = uniqueId('officer');
    const created = await api.as('admin').post('/users').send(user({ id, email: 'Officer@Example.org' })).expect(201);
    expect(created.body).toEqual({ id, version: 1, position: expect.stringMatching(POSITION) });
    const list = await api.as('admin').get(`/users?unitId=${unitId}&minPosition=${created.body.position}`).expect(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items).toContainEqual({ status: 'registered', userId: id, name: 'Nguyễn Văn A', email: 'officer@example.org', roles: ['unit_officer'], unitId });
    await api.as(id).get('/units').expect(200);
  });

  it('GET /me tells a signed-in user who they are, and a request without a token is 401', async () => {
    const id = uniqueId('me');
    await api.as('admin').post('/users').send(user({ id, roles: ['unit_officer', 'council_member'] })).expect(201);
    const me = await api.as(id).get('/me').expect(200);
    expect(me.body).toEqual({ userId: id, name: 'Nguyễn Văn A', email: 'a@example.org', roles: ['unit_officer', 'council_member'], unitId });
    expect((await api.anonymous.get('/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('a user registered without an id gets a generated one', async () => {
    const created = await api.as('admin').post('/users').send(user()).expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('registering the same user id twice is a 409 ALREADY_EXISTS', async () => {
    const id = uniqueId('twice');
    await api.as('admin').post('/users').send(user({ id })).expect(201);
    const again = await api.as('admin').post('/users').send(user({ id })).expect(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('a user must belong to a registered unit', async () => {
    const response = await api.as('admin').post('/users').send(user({ unitId: 'no-such-unit' })).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', problems: ['unitId: no registered unit "no-such-unit"'] });
  });

  it('rejects an unknown field, wrong types, unknown roles and a malformed e-mail with 400', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [user({ colour: 'red' }), 'colour'],
      [user({ name: 42 }), 'name'],
      [user({ roles: 'unit_officer' }), 'roles'],
      [user({ roles: ['emperor'] }), 'roles'],
      [user({ roles: [] }), 'roles'],
      [user({ email: 'not-an-email' }), 'email'],
      [user({ id: '../etc' }), 'id'],
      [user({ name: 'two\nlines' }), 'name'],
    ];
    for (const [body, field] of cases) {
      const response = await api.as('admin').post('/users').send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('only administrators register users (403), and only with a token (401)', async () => {
    const officer = await registerUser(api, ['unit_officer'], unitId);
    const forbidden = await api.as(officer).post('/users').send(user()).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const anonymous = await api.anonymous.post('/users').send(user()).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('administrators and auditors list users; other roles get 403 and no token 401', async () => {
    const auditor = await registerUser(api, ['auditor'], unitId);
    const officer = await registerUser(api, ['unit_officer'], unitId);
    const listed = await api.as(auditor).get('/users?role=auditor').expect(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ userId: auditor, roles: ['auditor'] }));
    expect(listed.body.items.every((u: { roles: string[] }) => u.roles.includes('auditor'))).toBe(true);
    expect((await api.as(officer).get('/users').expect(403)).body.code).toBe('FORBIDDEN');
    await api.anonymous.get('/users').expect(401);
  });

  it('lists users a page at a time with limit and cursor', async () => {
    const pageUnit = await registerUnit(api);
    const ids = [await registerUser(api, ['auditor'], pageUnit), await registerUser(api, ['auditor'], pageUnit), await registerUser(api, ['auditor'], pageUnit)].sort();
    const first = await api.as('admin').get(`/users?unitId=${pageUnit}&limit=2`).expect(200);
    expect(first.body.items.map((u: { userId: string }) => u.userId)).toEqual(ids.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.as('admin').get(`/users?unitId=${pageUnit}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ userId: ids[2] })], nextCursor: null });
    expect((await api.as('admin').get('/users?limit=0').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await api.as('admin').get('/users?cursor=%2F%2F').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/users?page=2').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'page' })]);
  });
});
