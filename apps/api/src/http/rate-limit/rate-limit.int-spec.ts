import { randomUUID } from 'node:crypto';
import { uniqueName } from '@laurel/testing';
import { ApiHarness } from '../../../../../test/api-harness';

const LIMITS = { OBJECTION_RATE_LIMIT: '3', OBJECTION_RATE_WINDOW_SECONDS: '5', RATE_LIMIT_REDIS_PREFIX: `${uniqueName('rate')}:` };

describe('public objections are rate-limited per client, counted in Redis across API processes', () => {
  let a: ApiHarness;
  let b: ApiHarness;
  const saved = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    Object.assign(process.env, LIMITS);
    // Two API instances on the same Redis, as two processes behind a load balancer.
    [a, b] = await Promise.all([ApiHarness.start(), ApiHarness.start()]);
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all([a?.close(), b?.close()]);
  });

  // An unknown initiative: the limit is checked before the command, so every attempt counts.
  const object = (api: ApiHarness) => api.anonymous.post(`/initiatives/nope-${randomUUID()}/consultation/objections`).send({ text: 'I object' });

  it('the limit holds across two API instances: past it, 429 RATE_LIMITED problem+json with Retry-After; after the window, objections are accepted again', async () => {
    expect((await object(a)).status).toBe(404);
    expect((await object(b)).status).toBe(404);
    expect((await object(a)).status).toBe(404);
    const refused = await object(b);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(5);
    expect((await object(a)).status).toBe(429);
    // Without TRUST_PROXY a forged X-Forwarded-For does not buy a fresh count.
    expect((await object(a).set('X-Forwarded-For', '198.51.100.23')).status).toBe(429);

    // Other routes, even of the same controller, are not limited.
    const other = await a.as('admin').post(`/initiatives/nope-${randomUUID()}/consultation`).send({});
    expect(other.status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, (retryAfter + 0.5) * 1000));
    expect((await object(b)).status).toBe(404);
  }, 30_000);
});
