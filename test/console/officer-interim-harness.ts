/*
 * INTERIM: a minimal browser harness for the officer test until the shared one (test/console/browser.ts,
 * branch c-platform) is merged; same helpers (person, anonymous, expectAccessible). The whole API runs
 * in-process (ApiHarness) with its read models followed, the console build is served beside it with
 * /api proxied, and Playwright drives Debian's chromium.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Pool } from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { READ_MODELS, ReadModelSupervisor } from '@laurel/read-models';
import { ApiHarness } from '../api-harness';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist/console');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

export interface Console {
  api: ApiHarness;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsole(): Promise<Console> {
  process.env.LAUREL_EMBEDDED = 'true';
  process.env.AUTH_DEV_TOKENS = 'true';
  if (!fs.existsSync(path.join(DIST, 'index.html'))) execFileSync('npx', ['vite', 'build', '--config', 'apps/console/vite.config.mts'], { cwd: ROOT, stdio: 'ignore' });
  const api = await ApiHarness.start();
  const supervisors = READ_MODELS.map((p) => new ReadModelSupervisor(api.app.get(Pool), api.app.get<EventStore>(EVENT_STORE), p, { followMs: 100, leaseRetryMs: 100 }));
  await Promise.all(supervisors.map((s) => s.start()));
  await api.app.listen(0, '127.0.0.1');
  const apiPort = (api.app.getHttpServer().address() as AddressInfo).port;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/')) {
      const upstream = http.request({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
      return;
    }
    const file = path.join(DIST, decodeURIComponent((req.url ?? '/').split('?')[0]));
    const found = file.startsWith(DIST) && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(DIST, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(found)] ?? 'application/octet-stream' });
    fs.createReadStream(found).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  return {
    api,
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(supervisors.map((s) => s.stop()));
      await api.close();
    },
  };
}

/** A signed-in person: a fresh browser context, signed in through the development sign-in screen. */
export async function person(c: Console, userId: string, language: 'vi' | 'en' = 'vi'): Promise<Page> {
  const context = await c.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: language === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript(`localStorage.setItem('laurel.preferences', JSON.stringify({ language: '${language}', timeZone: 'Asia/Ho_Chi_Minh' }))`);
  const page = await context.newPage();
  await page.goto(`${c.url}/sign-in`);
  await page.getByLabel(language === 'vi' ? 'Mã người dùng' : 'User id').fill(userId);
  await page.getByRole('button', { name: language === 'vi' ? 'Đăng nhập với tư cách' : 'Sign in as' }).click();
  await page.getByRole('button', { name: language === 'vi' ? 'Đăng xuất' : 'Sign out' }).waitFor();
  return page;
}

/** axe reports no serious or critical violation; a screenshot goes to test-results/console/<name>.png. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results/console');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) throw new Error(`${name}: ${serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
}
