import { CLIENT_ID, TestIssuer } from '../oidc/test-issuer';
import { ConsoleBrowser, freePort } from './browser';

/*
 * The console's production sign-in in a real browser: OpenID Connect authorization code + PKCE
 * against a real provider (oidc-provider in a child process, test/oidc). The browser goes to the
 * issuer, logs in, comes back to /auth/callback; the console redeems the code and is signed in.
 * The code never stays in the address bar, nothing of the exchange is left in sessionStorage, and
 * no token is written to localStorage, sessionStorage or a cookie of the console's origin.
 */
jest.setTimeout(120_000);

const AUDIENCE = 'urn:laurel:api';

describe('console sign-in with OpenID Connect (browser)', () => {
  let issuer: TestIssuer;
  let b: ConsoleBrowser;

  beforeAll(async () => {
    const port = await freePort();
    issuer = await TestIssuer.start({ accounts: { admin: 'admin@laurel.local' }, audiences: [AUDIENCE], redirectUris: [`http://127.0.0.1:${port}/auth/callback`] });
    b = await ConsoleBrowser.start({
      port,
      env: { AUTH_DEV_TOKENS: 'false', OIDC_ISSUER_URL: issuer.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID, OIDC_SCOPES: 'openid email laurel' },
    });
  });

  afterAll(async () => {
    await b?.close();
    await issuer?.stop();
  });

  it('signs in through the issuer with PKCE, lands where it started, keeps the token out of URLs and storage, and signs out', async () => {
    const { page } = await b.anonymous('/sign-in?next=%2Fno-such-screen');
    // No development sign-in outside dev-token mode.
    expect(await page.getByText('Chế độ phát triển').count()).toBe(0);
    const urls: string[] = [];
    page.on('request', (req) => {
      if (req.isNavigationRequest()) urls.push(req.url());
    });
    await page.getByRole('button', { name: 'Đăng nhập qua cổng định danh' }).click();
    // The test provider's interaction has no UI: log in the way its login form would post.
    await page.waitForURL((url) => url.origin === issuer.issuer && url.pathname.startsWith('/interaction/'));
    const authorize = urls.find((u) => u.startsWith(`${issuer.issuer}/auth?`));
    expect(authorize).toBeDefined();
    const params = new URL(authorize as string).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('redirect_uri')).toBe(b.url('/auth/callback'));
    expect(params.get('resource')).toBe(AUDIENCE);
    await page.evaluate(`(() => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = location.pathname + '/login';
      const input = document.createElement('input');
      input.name = 'account';
      input.value = 'admin';
      form.append(input);
      document.body.append(form);
      form.submit();
    })()`);
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.waitForURL((url) => url.origin === b.baseUrl && url.pathname === '/no-such-screen');
    expect(page.url()).not.toMatch(/code=|state=|token/);
    // The callback URL with the code was the only one carrying it, and it was replaced.
    expect(urls.filter((u) => u.startsWith(b.url('/auth/callback?')))).toHaveLength(1);
    expect(urls.some((u) => /access_token|id_token/.test(u))).toBe(false);
    await page.getByText('Administrator', { exact: true }).first().waitFor();
    const storage = (await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })')) as string;
    expect(storage).not.toMatch(/eyJ|verifier|laurel\.oidc/);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
  });

  it('a callback without a sign-in started in this tab is refused in words, with a way back', async () => {
    const { page } = await b.anonymous('/auth/callback?code=forged&state=forged');
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('button', { name: 'Thử lại' }).waitFor();
  });
});
