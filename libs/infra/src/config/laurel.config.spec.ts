import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from './laurel.config';

const base = { DATABASE_URL: 'postgres://db/laurel', REDIS_URL: 'redis://redis:6379' };
const secret = 'a-service-secret-of-32-characters';
const hmac = { IDEMPOTENCY_HMAC_KEY: 'an-idempotency-key-shared-by-every-api' };

describe('sign-in configuration (validateConfig)', () => {
  it('a process with AUTH_DEV_TOKENS=true outside embedded mode refuses to start, saying why', () => {
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_DEV_TOKENS: 'true' })).toThrow(
      /AUTH_DEV_TOKENS=true is refused outside embedded mode: dev tokens let anyone sign in as any user/,
    );
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'false' })).toThrow(/AUTH_DEV_TOKENS/);
  });

  it('dev tokens are allowed in embedded mode', () => {
    const config = validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'true' });
    expect({ devTokens: config.AUTH_DEV_TOKENS, embedded: config.LAUREL_EMBEDDED }).toEqual({ devTokens: true, embedded: true });
  });

  it('outside embedded mode a process needs a way to sign in: AUTH_JWT_SECRET(_FILE) or OIDC_ISSUER_URL', () => {
    expect(() => validateConfig(base)).toThrow(/no way to sign in/);
    expect(validateConfig({ ...base, AUTH_JWT_SECRET: secret }).AUTH_JWT_SECRET).toBe(secret);
    const oidc = validateConfig({ ...base, ...hmac, OIDC_ISSUER_URL: 'https://login.example.org/realms/laurel', OIDC_AUDIENCE: 'laurel-api' });
    expect({ issuer: oidc.OIDC_ISSUER_URL, claim: oidc.OIDC_USER_CLAIM, scopes: oidc.OIDC_SCOPES }).toEqual({
      issuer: 'https://login.example.org/realms/laurel',
      claim: 'sub',
      scopes: 'openid profile email',
    });
  });

  it('AUTH_JWT_SECRET_FILE is read at start; both or an unreadable file are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laurel-config-'));
    const file = join(dir, 'service-secret');
    writeFileSync(file, `${secret}\n`);
    expect(validateConfig({ ...base, AUTH_JWT_SECRET_FILE: file }).AUTH_JWT_SECRET).toBe(secret);
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET_FILE: file, AUTH_JWT_SECRET: secret })).toThrow(/not both/);
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET_FILE: join(dir, 'missing') })).toThrow(/AUTH_JWT_SECRET_FILE: cannot read/);
  });

  it('a short shared secret is refused', () => {
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET: 'short' })).toThrow(/at least 16 characters/);
  });

  it('OIDC_ISSUER_URL needs OIDC_AUDIENCE and https (plain http only on localhost); OIDC_USER_CLAIM is sub or email', () => {
    expect(() => validateConfig({ ...base, OIDC_ISSUER_URL: 'https://login.example.org' })).toThrow(/OIDC_AUDIENCE: is required/);
    expect(() => validateConfig({ ...base, OIDC_ISSUER_URL: 'http://login.example.org', OIDC_AUDIENCE: 'a' })).toThrow(/must be an https URL/);
    expect(validateConfig({ ...base, ...hmac, OIDC_ISSUER_URL: 'http://127.0.0.1:4000', OIDC_AUDIENCE: 'a', OIDC_USER_CLAIM: 'email' }).OIDC_USER_CLAIM).toBe('email');
    expect(() => validateConfig({ ...base, OIDC_ISSUER_URL: 'https://login.example.org', OIDC_AUDIENCE: 'a', OIDC_USER_CLAIM: 'name' })).toThrow(/OIDC_USER_CLAIM/);
  });

  it('a process signing users in with OIDC alone needs IDEMPOTENCY_HMAC_KEY, so every API process fingerprints bodies alike', () => {
    const oidc = { ...base, OIDC_ISSUER_URL: 'https://login.example.org', OIDC_AUDIENCE: 'a' };
    expect(() => validateConfig(oidc)).toThrow(/IDEMPOTENCY_HMAC_KEY: is required when AUTH_JWT_SECRET is not set/);
    expect(validateConfig({ ...oidc, ...hmac }).IDEMPOTENCY_HMAC_KEY).toBe(hmac.IDEMPOTENCY_HMAC_KEY);
    expect(validateConfig({ ...oidc, AUTH_JWT_SECRET: secret }).IDEMPOTENCY_HMAC_KEY).toBeUndefined();
  });

  it('AUTH_TOKEN_TTL is at most 12 h', () => {
    expect(validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_TOKEN_TTL: '30m' }).AUTH_TOKEN_TTL).toBe('30m');
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_TOKEN_TTL: '13h' })).toThrow(/AUTH_TOKEN_TTL: must be a duration like 30m or 12h, at most 12h/);
    expect(() => validateConfig({ ...base, AUTH_JWT_SECRET: secret, AUTH_TOKEN_TTL: '1y' })).toThrow(/AUTH_TOKEN_TTL/);
  });
});

describe('Redis configuration (validateConfig)', () => {
  const sign = { DATABASE_URL: base.DATABASE_URL, AUTH_JWT_SECRET: secret };

  it('REDIS_SENTINELS and REDIS_SENTINEL_NAME stand in for REDIS_URL', () => {
    const config = validateConfig({ ...sign, REDIS_SENTINELS: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379', REDIS_SENTINEL_NAME: 'laurel' });
    expect({ url: config.REDIS_URL, sentinels: config.REDIS_SENTINELS, name: config.REDIS_SENTINEL_NAME }).toEqual({
      url: undefined,
      sentinels: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379',
      name: 'laurel',
    });
  });

  it('a process without REDIS_URL or REDIS_SENTINELS refuses to start, and so does a half-given Sentinel setting, each saying why', () => {
    expect(() => validateConfig(sign)).toThrow(/REDIS_URL: is required \(or REDIS_SENTINELS and REDIS_SENTINEL_NAME, for Redis with Sentinel\)/);
    expect(() => validateConfig({ ...sign, REDIS_SENTINELS: 'sentinel-1:26379' })).toThrow(/REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS/);
    expect(() => validateConfig({ ...sign, REDIS_SENTINELS: 'sentinel-1:port', REDIS_SENTINEL_NAME: 'laurel' })).toThrow(/REDIS_SENTINELS: "sentinel-1:port" has no valid port/);
    expect(() => validateConfig({ ...sign, REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'laurel', REDIS_SENTINEL_PASSWORD: 'p', REDIS_SENTINEL_PASSWORD_FILE: '/run/secrets/x' })).toThrow(
      /REDIS_SENTINEL_PASSWORD_FILE: set REDIS_SENTINEL_PASSWORD or REDIS_SENTINEL_PASSWORD_FILE, not both/,
    );
  });
});
