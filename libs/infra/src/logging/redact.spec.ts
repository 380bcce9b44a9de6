import { REDACTED, SENSITIVE_NAMES, redactQuery, redactRequest, redactUrl } from './redact';

describe('token-like query parameters are redacted from logged URLs', () => {
  it('token, access_token, id_token, refresh_token, code, state and anything with token, secret, password or session in its name', () => {
    for (const name of ['token', 'access_token', 'id_token', 'refresh_token', 'code', 'state', 'code_verifier', 'client_secret', 'password', 'x-session', 'TOKEN', 'jwt', 'api_key']) {
      expect(redactUrl(`/admin/queues?${name}=eyJhbGciOi.abc.def&page=2`)).toBe(`/admin/queues?${name}=${REDACTED}&page=2`);
    }
  });

  it('every sensitive name, in any case, as the only parameter or among others (the quick test for a query with nothing to redact misses none)', () => {
    for (const exact of SENSITIVE_NAMES) {
      for (const name of [exact, exact.toUpperCase()]) {
        expect(redactUrl(`/x?${name}=v`)).toBe(`/x?${name}=${REDACTED}`);
        expect(redactUrl(`/x?limit=5&${name}=v&sort=title`)).toBe(`/x?limit=5&${name}=${REDACTED}&sort=title`);
      }
    }
    for (const name of ['my_token', 'SecretKey', 'passwd', 'sessionid', 'credentials', 'a+token']) expect(redactUrl(`/x?${name}=v`)).toBe(`/x?${name}=${REDACTED}`);
  });

  it('other parameters, repeated names, escaped names and URLs without a query are left as they are', () => {
    expect(redactUrl('/api/v1/initiatives?stage=nominated&limit=5')).toBe('/api/v1/initiatives?stage=nominated&limit=5');
    expect(redactUrl('/api/v1/initiatives')).toBe('/api/v1/initiatives');
    expect(redactUrl('/x?token=a&token=b')).toBe(`/x?token=${REDACTED}&token=${REDACTED}`);
    expect(redactUrl('/x?%74oken=secret-value')).toBe(`/x?%74oken=${REDACTED}`);
    expect(redactUrl('/x?%E0=1&flag')).toBe('/x?%E0=1&flag');
  });

  it("the logged request's query is a redacted copy; the request itself is untouched", () => {
    const query = { token: 'secret-value', page: '2' };
    expect(redactQuery(query)).toEqual({ token: REDACTED, page: '2' });
    expect(query.token).toBe('secret-value');
    expect(redactRequest({ url: '/a?access_token=xyz', query: { access_token: 'xyz' } })).toEqual({ url: `/a?access_token=${REDACTED}`, query: { access_token: REDACTED } });
  });
});
