import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ApiHarness } from '../../../../test/api-harness';

/*
 * The console served by the API at / (docs/console.md "Serving"): files from the build with the right
 * caching, the SPA fallback for browser navigations, the API's own paths untouched, security headers.
 * A small stand-in build keeps this test independent of Vite.
 */
describe('the web console served at /', () => {
  let api: ApiHarness;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-console-'));
  const INDEX = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), INDEX);
    fs.writeFileSync(path.join(root, 'assets/index-Ab12Cd34.js'), 'console.log("laurel")');
    fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    api = await ApiHarness.start({ consoleRoot: root });
  });

  afterAll(async () => {
    await api?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const http = () => api.app.getHttpServer();


  it('GET / answers index.html, not cached, with a self-only Content-Security-Policy and nosniff', async () => {
    const response = await request(http()).get('/').set('Accept', 'text/html').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('hashed assets are cached for a year as immutable; other files are not cached', async () => {
    const asset = await request(http()).get('/assets/index-Ab12Cd34.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const icon = await request(http()).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('a browser navigation to any console path answers index.html (SPA fallback), query string included', async () => {
    for (const p of ['/sign-in', '/initiatives/abc/timeline?at=2026-01-01', '/gallery']) {
      const response = await request(http()).get(p).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200);
      expect(response.text).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('an unknown /api/v1 path stays a problem+json 404, even when the client accepts text/html', async () => {
    const response = await request(http()).get('/api/v1/no-such-route').set('Accept', 'text/html').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it('the operator paths keep their behaviour: /health answers JSON, an unknown /docs or /admin/queues path is no console page', async () => {
    const health = await request(http()).get('/health/live').set('Accept', 'text/html');
    expect(health.headers['content-type']).toMatch(/json/);
    for (const p of ['/docs/nothing', '/admin/queues/nothing', '/metrics/nothing', '/health/nothing']) {
      const response = await request(http()).get(p).set('Accept', 'text/html');
      expect(response.text).not.toBe(INDEX);
    }
  });

  it('a non-browser GET of an unknown path (no text/html) and a POST stay problem+json 404s', async () => {
    const json = await request(http()).get('/no-such-page').set('Accept', 'application/json').expect(404);
    expect(json.headers['content-type']).toMatch(/application\/problem\+json/);
    const post = await request(http()).post('/no-such-page').set('Accept', 'text/html').send({}).expect(404);
    expect(post.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('the API under /api/v1 answers as before, and the API itself carries no console CSP', async () => {
    const response = await api.anonymous.get('/auth/config').expect(200);
    expect(response.body).toHaveProperty('devTokens');
    expect(response.headers['content-security-policy']).toBeUndefined();
  });
});
