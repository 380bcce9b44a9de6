import { ApiHarness } from '../../../../test/api-harness';
import { uniqueId } from './reference.fixtures';

describe('reference lists and minPosition', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api.close());

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
