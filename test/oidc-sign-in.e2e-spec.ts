import { createSecretKey } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { LaurelLogger, logDestination, rootLogger } from '@laurel/infra';
import { QUEUES_SESSION_COOKIE } from '../apps/api/src/notifications/queues-session';
import { caughtUp, registerUnit, registerUser, uniqueId } from '../apps/api/src/reference/reference.fixtures';
import { ApiHarness } from './api-harness';
import { CLIENT_ID, TestIssuer } from './oidc/test-issuer';

/*
 * Production sign-in against a real OpenID provider (oidc-provider, in a child process): a user
 * signs in with authorization code + PKCE and calls the API with the access token. Every request
 * of the run goes through the real request logger into a capturing stream, and the last test
 * checks that no token, session value or query token reached any log line.
 */

const AUDIENCE = 'urn:laurel:api';
const OTHER_AUDIENCE = 'urn:laurel:another-api';
const ENV_KEYS = ['OIDC_ISSUER_URL', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'OIDC_USER_CLAIM', 'LOG_LEVEL'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
const SECRET = process.env.AUTH_JWT_SECRET!; // libs/testing/src/setup-env.ts

/** Every line the process logs (the real request logger's and Nest's), at every level, into `lines`; returns the undo. */
function captureLogs(lines: string[]): () => void {
  const { target } = logDestination;
  const { level } = rootLogger;
  logDestination.target = { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) };
  rootLogger.level = 'trace';
  return () => {
    logDestination.target = target;
    rootLogger.level = level;
  };
}

const serviceToken = (claims: Record<string, unknown>, configure: (jwt: SignJWT) => SignJWT) =>
  configure(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(createSecretKey(Buffer.from(SECRET)));

describe('production sign-in with OpenID Connect (an in-process provider)', () => {
  let issuer: TestIssuer;
  let api: ApiHarness;
  const lines: string[] = [];
  let restoreLogs: (() => void) | undefined;
  /** Every credential the run sends or receives: none may appear in a log line. */
  const credentials = new Set<string>();
  const remember = (value: string) => {
    credentials.add(value);
    return value;
  };
  const http = () => request(api.app.getHttpServer());
  const status = async (token: string, path = '/api/v1/users') => (await http().get(path).set('Authorization', `Bearer ${remember(token)}`)).status;
  const detail = async (token: string) => (await http().get('/api/v1/users').set('Authorization', `Bearer ${remember(token)}`)).body.detail as string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({
      accounts: { admin: 'admin@laurel.local', 'not-in-laurel': 'stranger@example.org' },
      audiences: [AUDIENCE, OTHER_AUDIENCE],
    });
    Object.assign(process.env, { OIDC_ISSUER_URL: issuer.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID });
    delete process.env.OIDC_USER_CLAIM;
    restoreLogs = captureLogs(lines);
    api = await ApiHarness.start();
    api.app.useLogger(api.app.get(LaurelLogger));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    restoreLogs?.();
    await issuer?.stop();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('GET /auth/config tells a browser client, without a token, the issuer, client id and scopes for authorization code + PKCE', async () => {
    const config = await http().get('/api/v1/auth/config').expect(200);
    expect(config.body).toEqual({ issuer: issuer.issuer, clientId: CLIENT_ID, scopes: ['openid', 'profile', 'email'], audience: AUDIENCE, devTokens: false });
  });

  it('a user signed in at the issuer (authorization code + PKCE) calls the API with the access token: 200', async () => {
    const token = remember(await issuer.signIn('admin', AUDIENCE));
    const users = await http().get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(200);
    expect(users.body.items.map((u: { userId: string }) => u.userId)).toContain('admin');
  }, 30_000);

  it('a token the issuer minted for another audience is refused: 401', async () => {
    const token = await issuer.signIn('admin', OTHER_AUDIENCE);
    expect(await status(token)).toBe(401);
    expect(await detail(token)).toBe('The token is meant for another audience');
  }, 30_000);

  it('a token of another issuer is refused: 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.forge({ sub: 'admin', iss: 'http://127.0.0.1:1/another-issuer', aud: AUDIENCE, iat: now, exp: now + 600 });
    expect(await status(token)).toBe(401);
    expect(await detail(token)).toBe('The token was issued by another issuer');
    // The very same claims with the right issuer pass: only the issuer was wrong.
    expect(await status(await issuer.forge({ sub: 'admin', iss: issuer.issuer, aud: AUDIENCE, iat: now, exp: now + 600 }))).toBe(200);
  });

  it('an expired token is refused: 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.forge({ sub: 'admin', iss: issuer.issuer, aud: AUDIENCE, iat: now - 3600, exp: now - 600 });
    expect(await status(token)).toBe(401);
    expect(await detail(token)).toBe('The token has expired');
  });

  it('a token without exp is refused: 401', async () => {
    const token = await issuer.forge({ sub: 'admin', iss: issuer.issuer, aud: AUDIENCE, iat: Math.floor(Date.now() / 1000) });
    expect(await status(token)).toBe(401);
    expect(await detail(token)).toBe('The token has no exp');
  });

  it("a token signed with a key that is not in the issuer's JWKS is refused: 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'admin', iss: issuer.issuer, aud: AUDIENCE, iat: now, exp: now + 600 };
    const { privateKey } = await generateKeyPair('ES256');
    const unknownKid = await issuer.forge(claims, privateKey, 'a-key-nobody-published');
    expect(await status(unknownKid)).toBe(401);
    expect(await detail(unknownKid)).toBe("The token is signed with a key the issuer's JWKS does not hold");
    // Another key under the issuer's own key id: the signature does not check.
    expect(await status(await issuer.forge(claims, privateKey))).toBe(401);
  });

  it('the ID token is no access token (its audience is the client): 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const idToken = await issuer.forge({ sub: 'admin', iss: issuer.issuer, aud: CLIENT_ID, iat: now, exp: now + 600 });
    expect(await status(idToken)).toBe(401);
  });

  it('a user the issuer knows but Laurel does not is refused: 401', async () => {
    const token = await issuer.signIn('not-in-laurel', AUDIENCE);
    expect(await status(token)).toBe(401);
    expect(await detail(token)).toBe('The token names no registered user');
  }, 30_000);

  it('tokens signed with other algorithms are refused: 401', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'admin', exp: 9999999999 })).toString('base64url')}.`;
    expect(await status(none)).toBe(401);
    const { privateKey } = await generateKeyPair('PS256');
    expect(await status(await new SignJWT({ sub: 'admin', iss: issuer.issuer, aud: AUDIENCE, exp: 9999999999 }).setProtectedHeader({ alg: 'PS256' }).sign(privateKey))).toBe(401);
  });

  it('a service-account token (HS256, AUTH_JWT_SECRET) with exp at most 12 h after iat is accepted: 200', async () => {
    expect(await status(await serviceToken({ sub: 'admin' }, (jwt) => jwt.setIssuedAt().setExpirationTime('12h')))).toBe(200);
    expect(await status(await serviceToken({ sub: 'admin' }, (jwt) => jwt.setExpirationTime('1h')))).toBe(200);
  });

  it('a service-account token without exp, or living more than 12 h, is refused: 401 with a clear detail', async () => {
    const noExp = await serviceToken({ sub: 'admin' }, (jwt) => jwt.setIssuedAt());
    expect(await status(noExp)).toBe(401);
    expect(await detail(noExp)).toBe('The token has no exp');
    const long = await serviceToken({ sub: 'admin' }, (jwt) => jwt.setIssuedAt().setExpirationTime('13h'));
    expect(await status(long)).toBe(401);
    expect(await detail(long)).toMatch(/^A shared-secret \(HS256\) token may live at most 12 h/);
    expect(await status(await serviceToken({ sub: 'admin' }, (jwt) => jwt.setExpirationTime('13h')))).toBe(401); // no iat: counted from now
    const wrongSecret = await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(createSecretKey(Buffer.from('another-secret-of-some-length')));
    expect(await status(wrongSecret)).toBe(401);
  });

  it('the queue dashboard: an administrator POSTs for a session cookie (HttpOnly, SameSite=Strict, Secure, path /admin/queues) that opens it; ?token= is never accepted; DELETE ends it', async () => {
    const admin = remember(await issuer.signIn('admin', AUDIENCE));
    const started = await http().post('/api/v1/auth/queues-session').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(started.body).toEqual({ expiresAt: expect.any(String), dashboard: '/admin/queues' });
    const setCookie = started.headers['set-cookie'] as unknown as string[];
    const line = setCookie.find((c) => c.startsWith(`${QUEUES_SESSION_COOKIE}=`))!;
    expect(line).toMatch(/; Path=\/admin\/queues/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; SameSite=Strict/);
    const session = remember(line.split(';')[0].slice(QUEUES_SESSION_COOKIE.length + 1));
    expect(session).not.toContain(admin);

    const cookie = `${QUEUES_SESSION_COOKIE}=${session}`;
    await http().get('/admin/queues').set('Cookie', cookie).expect(200);
    await http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    // A token in the URL opens nothing (and is redacted from the log: the last test).
    const inUrl = await http().get(`/admin/queues?token=${admin}`).expect(401);
    expect(inUrl.body.code).toBe('UNAUTHENTICATED');
    // A session value is no bearer token, a tampered one is no session.
    expect(await status(session)).toBe(401);
    await http().get('/admin/queues').set('Cookie', `${QUEUES_SESSION_COOKIE}=${session.slice(0, -2)}xx`).expect(401);
    // Not for anyone but administrators.
    const auditor = await registerUser(api, ['auditor']);
    await http().post('/api/v1/auth/queues-session').set('Authorization', `Bearer ${remember(api.token(auditor))}`).expect(403);
    await http().post('/api/v1/auth/queues-session').expect(401);

    const ended = await http().delete('/api/v1/auth/queues-session').expect(204);
    expect((ended.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`${QUEUES_SESSION_COOKIE}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
  }, 30_000);

  it('no token, session value or query token appears in any log line of the run', () => {
    expect(credentials.size).toBeGreaterThan(10);
    expect(lines.length).toBeGreaterThan(20);
    // The capture really holds the requests: the dashboard request with ?token= is there, redacted.
    expect(lines.some((l) => l.includes('/admin/queues?token=[Redacted]'))).toBe(true);
    // The whole credential, or its signature alone (the part that makes it one).
    const needles = [...credentials].flatMap((c) => [c, c.split('.').at(-1)!]).filter((n) => n.length >= 16);
    const leaks = lines.filter((l) => needles.some((n) => l.includes(n)));
    expect(leaks).toEqual([]);
  });
});

describe('OIDC_USER_CLAIM=email: the access token names the user by e-mail', () => {
  let issuer: TestIssuer;
  let api: ApiHarness;
  const mailbox = uniqueId('mail.user');
  beforeAll(async () => {
    issuer = await TestIssuer.start({ accounts: { 'idp-9c1e': `${mailbox.toUpperCase()}@Example.org`, 'idp-0000': `${uniqueId('nobody')}@example.org` }, audiences: [AUDIENCE] });
    Object.assign(process.env, { OIDC_ISSUER_URL: issuer.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_USER_CLAIM: 'email' });
    api = await ApiHarness.start();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await issuer?.stop();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("the token's e-mail maps to the Laurel user registered with it (case ignored); an unknown e-mail is a 401", async () => {
    const unitId = await registerUnit(api);
    const registered = await api.as('admin').post('/users').send({ id: uniqueId('mail-user'), name: 'Mail User', email: `${mailbox}@example.org`, roles: ['administrator'], unitId }).expect(201);
    await caughtUp(api, registered.body.position);
    const token = await issuer.signIn('idp-9c1e', AUDIENCE);
    await request(api.app.getHttpServer()).get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(200);
    const stranger = await issuer.signIn('idp-0000', AUDIENCE);
    const refused = await request(api.app.getHttpServer()).get('/api/v1/users').set('Authorization', `Bearer ${stranger}`).expect(401);
    expect(refused.body.detail).toBe('The token names an e-mail no single registered user has');
  }, 30_000);
});

describe('an issuer that cannot be reached', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    Object.assign(process.env, { OIDC_ISSUER_URL: 'http://127.0.0.1:9', OIDC_AUDIENCE: AUDIENCE });
    delete process.env.OIDC_USER_CLAIM;
    api = await ApiHarness.start();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('answers 503 AUTH_UNAVAILABLE with Retry-After, not 401 and not 500; service tokens still work', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: 'admin', iss: 'http://127.0.0.1:9', aud: AUDIENCE, iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
    const answer = await request(api.app.getHttpServer()).get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(503);
    expect(answer.body.code).toBe('AUTH_UNAVAILABLE');
    expect(answer.headers['retry-after']).toBe('5');
    await api.as('admin').get('/users').expect(200);
  });
});
