import { ApiHarness } from '../../../../test/api-harness';
import { registerUnit, uniqueId } from '../reference/reference.fixtures';

/*
 * GET /api/v1/auth/dev-users: the console's "sign in as" list, only where dev tokens are issued
 * (embedded mode with AUTH_DEV_TOKENS=true); a 404 everywhere else, as POST /auth/dev-token.
 */
const ENV_KEYS = ['AUTH_DEV_TOKENS', 'LAUREL_EMBEDDED'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
afterAll(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('GET /auth/dev-users with dev tokens enabled (embedded mode)', () => {
  let api: ApiHarness;
  let userId: string;
  beforeAll(async () => {
    Object.assign(process.env, { AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'true' });
    api = await ApiHarness.start();
    const unitId = await registerUnit(api);
    userId = uniqueId('dev-user');
    await api.as('admin').post('/users').send({ id: userId, name: 'Trần Thị Đào', email: `${userId}@example.org`, roles: ['council_member', 'unit_officer'], unitId }).expect(201);
    // The list folds the log: wait until the new user shows.
    for (let i = 0; i < 50; i++) {
      const list = await api.anonymous.get(`/auth/dev-users?q=${userId}`).expect(200);
      if (list.body.items.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => api?.close());

  it('lists the directory without a token: user id, name, roles and unit, nothing else (no e-mail)', async () => {
    const response = await api.anonymous.get(`/auth/dev-users?q=${userId}`).expect(200);
    expect(response.body).toEqual({ items: [{ userId, name: 'Trần Thị Đào', roles: ['council_member', 'unit_officer'], unitId: expect.any(String) }], truncated: false });
  });

  it('the bootstrap administrator is listed', async () => {
    const response = await api.anonymous.get('/auth/dev-users?q=admin&limit=500').expect(200);
    expect(response.body.items).toContainEqual({ userId: 'admin', name: 'Administrator', roles: ['administrator'], unitId: 'root' });
  });

  it('q ignores case and diacritics: "tran thi dao" finds "Trần Thị Đào"', async () => {
    const response = await api.anonymous.get('/auth/dev-users').query({ q: 'TRAN THI DAO', limit: 500 }).expect(200);
    expect(response.body.items.map((u: { userId: string }) => u.userId)).toContain(userId);
  });

  it('limit caps the list and says it was truncated', async () => {
    const response = await api.anonymous.get('/auth/dev-users?limit=1').expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.truncated).toBe(true);
  });

  it('a bad limit is a 400 problem+json, never a 500', async () => {
    const response = await api.anonymous.get('/auth/dev-users?limit=0').expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /auth/dev-users without dev tokens', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    Object.assign(process.env, { AUTH_DEV_TOKENS: 'false', LAUREL_EMBEDDED: 'false' });
    api = await ApiHarness.start();
  });
  afterAll(() => api?.close());

  it('answers 404 problem+json NOT_FOUND: no directory for anonymous callers outside embedded mode', async () => {
    const response = await api.anonymous.get('/auth/dev-users').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('NOT_FOUND');
  });
});
