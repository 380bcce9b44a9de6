import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const CLIENT_ID = 'laurel-web';
const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface TestIssuerOptions {
  /** Account id → e-mail. */
  accounts: Record<string, string>;
  /** The resource indicators (audiences) the issuer mints JWT access tokens for. */
  audiences: string[];
  /** Redirect URIs the client may use besides the plain-HTTP test's (e.g. the console's /auth/callback). */
  redirectUris?: string[];
}

/**
 * A real OpenID provider (test/oidc/oidc-provider.mjs) in a child process, and a client that signs
 * in through it the way a browser would: authorization code + PKCE with plain HTTP requests.
 */
export class TestIssuer {
  private constructor(
    readonly issuer: string,
    private readonly child: ChildProcess,
    private readonly key: CryptoKey,
    readonly kid: string,
  ) {}

  static async start(options: TestIssuerOptions): Promise<TestIssuer> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `test-${randomBytes(4).toString('hex')}`;
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], {
      env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_CONFIG: JSON.stringify({ keys: [jwk], ...options }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const issuer = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the test issuer did not start in 20 s: ${errors}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /READY (\S+)/.exec(out);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the test issuer exited with ${code}: ${errors}`));
      });
    });
    return new TestIssuer(issuer, child, privateKey, kid);
  }

  /** Signs in as `account` through the issuer's authorization endpoint and returns the access token for `resource`. */
  async signIn(account: string, resource: string): Promise<string> {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    };
    const location = (response: Response) => {
      const to = response.headers.get('location');
      if (!to) throw new Error(`expected a redirect, got ${response.status}`);
      return new URL(to, this.issuer);
    };

    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const authorize = new URL('/auth', this.issuer);
    for (const [k, v] of Object.entries({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid email laurel',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
      resource,
    })) {
      authorize.searchParams.set(k, v);
    }
    const interaction = location(await send(authorize.toString()));
    const resume = location(
      await send(`${interaction.toString()}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ account }).toString() }),
    );
    const callback = location(await send(resume.toString()));
    if (!callback.toString().startsWith(REDIRECT_URI)) throw new Error(`expected the redirect to the client, got ${callback.toString()}`);
    const code = callback.searchParams.get('code');
    if (!code || callback.searchParams.get('state') !== state) throw new Error(`no code in ${callback.search}`);
    const token = await send(new URL('/token', this.issuer).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, code_verifier: verifier, resource }).toString(),
    });
    const body = (await token.json()) as { access_token?: string; error?: string; error_description?: string };
    if (!body.access_token) throw new Error(`token endpoint: ${token.status} ${body.error} ${body.error_description}`);
    return body.access_token;
  }

  /** A token signed with the issuer's own key, with the given claims (to make exactly one thing wrong). */
  forge(claims: JWTPayload, key: CryptoKey = this.key, kid = this.kid): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' }).sign(key);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
