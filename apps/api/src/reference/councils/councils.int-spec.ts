import { MAX_COUNCIL_MEMBERS } from '@laurel/domain';
import { ApiHarness } from '../../../../../test/api-harness';
import { POSITION, registerUnit, registerUser, uniqueId } from '../reference.fixtures';

describe('councils API', () => {
  let api: ApiHarness;
  let unitId: string;
  let chair: string;
  let secretary: string;
  let member: string;
  let officer: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    unitId = await registerUnit(api);
    [chair, secretary, member, officer] = [
      await registerUser(api, ['council_member'], unitId),
      await registerUser(api, ['secretary', 'council_member'], unitId),
      await registerUser(api, ['council_member'], unitId),
      await registerUser(api, ['unit_officer'], unitId),
    ];
  });
  afterAll(() => api.close());

  const council = (overrides: Record<string, unknown> = {}) => ({
    name: 'Hội đồng Thi đua - Khen thưởng',
    unitId,
    level: 'province',
    members: [
      { userId: chair, role: 'chair' },
      { userId: secretary, role: 'secretary' },
    ],
    ...overrides,
  });

  it('an administrator creates a council with members and rules, and reads it by id and in the list', async () => {
    const id = uniqueId('council');
    const rules = { note: 'Quy chế 2024', quorum: '2/3', secretBallot: true };
    const created = await api.as('admin').post('/councils').send(council({ id, rules })).expect(201);
    expect(created.body).toEqual({ id, version: 1, position: expect.stringMatching(POSITION) });
    const read = await api.as(officer).get(`/councils/${id}`).expect(200);
    expect(read.body).toEqual({
      status: 'active',
      councilId: id,
      name: 'Hội đồng Thi đua - Khen thưởng',
      unitId,
      level: 'province',
      members: [
        { userId: chair, role: 'chair' },
        { userId: secretary, role: 'secretary' },
      ],
      rules,
      version: 1,
    });
    const list = await api.as(officer).get(`/councils?unitId=${unitId}&level=province&minPosition=${created.body.position}`).expect(200);
    expect(list.body).toEqual({ items: expect.arrayContaining([expect.objectContaining({ councilId: id })]), nextCursor: null });
  });

  it('an administrator adds a member and removes one; each is a 200 with the new stream version', async () => {
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id })).expect(201);
    const added = await api.as('admin').post(`/councils/${id}/members`).send({ userId: member, role: 'member' }).expect(200);
    expect(added.body).toEqual({ id, version: 2, position: expect.stringMatching(POSITION) });
    const removed = await api.as('admin').delete(`/councils/${id}/members/${chair}`).expect(200);
    expect(removed.body).toMatchObject({ id, version: 3 });
    const read = await api.as('admin').get(`/councils/${id}`).expect(200);
    expect(read.body.members).toEqual([
      { userId: secretary, role: 'secretary' },
      { userId: member, role: 'member' },
    ]);
  });

  it('a council has at most one chair and lists nobody twice (400)', async () => {
    const twoChairs = council({ members: [{ userId: chair, role: 'chair' }, { userId: member, role: 'chair' }] });
    expect((await api.as('admin').post('/councils').send(twoChairs).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const twice = council({ members: [{ userId: member, role: 'member' }, { userId: member, role: 'secretary' }] });
    expect((await api.as('admin').post('/councils').send(twice).expect(400)).body.detail).toBe('A member is listed twice');
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id })).expect(201);
    expect((await api.as('admin').post(`/councils/${id}/members`).send({ userId: member, role: 'chair' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').post(`/councils/${id}/members`).send({ userId: chair, role: 'member' }).expect(409)).body.code).toBe('ALREADY_EXISTS');
  });

  it(`the limit of ${MAX_COUNCIL_MEMBERS} members holds when members are added one by one (400 VALIDATION_FAILED)`, async () => {
    const users: string[] = [];
    for (let i = 0; i < MAX_COUNCIL_MEMBERS + 1; i += 25) {
      users.push(...(await Promise.all(Array.from({ length: Math.min(25, MAX_COUNCIL_MEMBERS + 1 - i) }, () => registerUser(api, ['council_member'], unitId)))));
    }
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id, members: users.slice(0, MAX_COUNCIL_MEMBERS - 1).map((userId) => ({ userId, role: 'member' })) })).expect(201);
    await api.as('admin').post(`/councils/${id}/members`).send({ userId: users[MAX_COUNCIL_MEMBERS - 1], role: 'member' }).expect(200);
    const refused = await api.as('admin').post(`/councils/${id}/members`).send({ userId: users[MAX_COUNCIL_MEMBERS], role: 'member' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: `A council has at most ${MAX_COUNCIL_MEMBERS} members` });
    const read = await api.as('admin').get(`/councils/${id}`).expect(200);
    expect({ version: read.body.version, members: read.body.members.length }).toEqual({ version: 2, members: MAX_COUNCIL_MEMBERS });
  }, 60_000);

  it('members and the unit must be registered', async () => {
    const response = await api.as('admin').post('/councils').send(council({ unitId: 'ghost-unit', members: [{ userId: 'ghost', role: 'member' }] })).expect(400);
    expect(response.body.problems).toEqual(['unitId: no registered unit "ghost-unit"', 'members[0].userId: no registered user "ghost"']);
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id })).expect(201);
    const unknownMember = await api.as('admin').post(`/councils/${id}/members`).send({ userId: 'ghost', role: 'member' }).expect(400);
    expect(unknownMember.body.problems).toEqual(['userId: no registered user "ghost"']);
  });

  it('an unknown council is a 404 NOT_FOUND for reads and member changes', async () => {
    expect((await api.as('admin').get('/councils/no-such-council').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.as('admin').post('/councils/no-such-council/members').send({ userId: member, role: 'member' }).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.as('admin').delete(`/councils/no-such-council/members/${member}`).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('removing someone who is not a member is a 404 NOT_FOUND', async () => {
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id })).expect(201);
    expect((await api.as('admin').delete(`/councils/${id}/members/${member}`).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('rejects unknown fields, wrong types, unknown council roles and malformed ids with 400', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['/councils', council({ colour: 'red' }), 'colour'],
      ['/councils', council({ level: 7 }), 'level'],
      ['/councils', council({ members: 'everyone' }), 'members'],
      ['/councils', council({ members: [[{ userId: chair, role: 'chair' }]] }), 'members'],
      ['/councils', council({ members: [{ userId: chair, role: 'emperor' }] }), 'members.0.role'],
      ['/councils', council({ members: [{ userId: chair, role: 'chair', vote: 'yes' }] }), 'members.0.vote'],
      ['/councils', council({ rules: { secretBallot: 'yes' } }), 'rules.secretBallot'],
      ['/councils', council({ rules: 'strict' }), 'rules'],
      ['/councils/some-council/members', { userId: member }, 'role'],
      ['/councils/some-council/members', { userId: member, role: 'member', extra: 1 }, 'extra'],
    ];
    for (const [path, body, field] of cases) {
      const response = await api.as('admin').post(path).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const badId = await api.as('admin').get('/councils/bad%00id').expect(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    await api.as('admin').delete('/councils/some-council/members/%20x').expect(400);
  });

  it('only administrators create councils and change members (403); reads need a token (401)', async () => {
    const id = uniqueId('council');
    await api.as('admin').post('/councils').send(council({ id })).expect(201);
    expect((await api.as(officer).post('/councils').send(council()).expect(403)).body.code).toBe('FORBIDDEN');
    await api.as(officer).post(`/councils/${id}/members`).send({ userId: member, role: 'member' }).expect(403);
    await api.as(officer).delete(`/councils/${id}/members/${chair}`).expect(403);
    for (const path of ['/councils', `/councils/${id}`]) expect((await api.anonymous.get(path).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await api.anonymous.post('/councils').send(council()).expect(401);
    await api.anonymous.delete(`/councils/${id}/members/${chair}`).expect(401);
  });
});
