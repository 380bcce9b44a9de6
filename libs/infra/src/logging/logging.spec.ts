import { requestSerializers } from './logging.module';

describe('the request log line', () => {
  const headers = { 'content-length': '19', 'idempotency-key': 'k-1', 'x-correlation-id': 'c-1', authorization: 'Bearer x' };

  it('carries id, method and url, and no header: no body size, no Idempotency-Key, no correlation header', () => {
    const line = requestSerializers.req({ id: 'req-1', method: 'POST', url: '/api/v1/initiatives/i-1/review', headers } as never);
    expect(line).toEqual({ id: 'req-1', method: 'POST', url: '/api/v1/initiatives/i-1/review' });
    expect(requestSerializers.res({ statusCode: 200, headers: { 'content-length': '80' } } as never)).toEqual({ statusCode: 200 });
  });

  it("a ballot's line carries no request id that could join it to its event", () => {
    for (const url of ['/api/v1/initiatives/i-1/review/ballots', '/api/v1/initiatives/i-1/review/ballots?x=1', '/api/v1/initiatives/i-1/review/ballots/']) {
      expect(requestSerializers.req({ id: 'req-1', method: 'POST', url, headers } as never)).toEqual({ method: 'POST', url });
    }
  });
});
