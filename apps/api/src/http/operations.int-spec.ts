import request from 'supertest';
import { ApiHarness } from '../../../../test/api-harness';

describe('operations endpoints of the API', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api.close());

  it('GET /health answers without a token', async () => {
    const response = await request(api.app.getHttpServer()).get('/health').expect(200);
    expect(response.body.status).toBe('ok');
  });

  it('GET /metrics answers Prometheus text without a token', async () => {
    const response = await request(api.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('laurel_process_cpu_user_seconds_total');
  });

  it('an unknown route is a problem+json 404, not a 500', async () => {
    const response = await api.as('admin').get('/no-such-thing').expect(404);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
