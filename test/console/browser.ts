import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CoreModule, createHttpAdapter, prepareHttpApp, serveConsole } from '@laurel/infra';
import type { ApiHarness } from '../api-harness';

/*
 * The browser test harness of the web console (docs/console.md "Browser tests"): the whole system
 * in-process (API + projector + worker, as apps/laurel runs it) on the integration test database and
 * Redis, listening on a random 127.0.0.1 port and serving the real build (dist/console), driven by
 * Debian's chromium through playwright-core. Used by test/console/*.e2e-spec.ts:
 *
 *   const b = await ConsoleBrowser.start();
 *   const { page } = await b.person('admin', '/some/screen');
 *   await b.expectAccessible(page, 'some-screen');
 *   await b.api.as('admin').post('/units').send({...}).expect(201);
 *   await b.close();
 */

const ROOT = path.resolve(__dirname, '../..');
const CONSOLE_SRC = path.join(ROOT, 'apps/console');
const CONSOLE_DIST = path.join(ROOT, 'dist/console');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/console');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often give /dev/shm 64 MB: Chromium's shared memory goes to /tmp instead.
  '--disable-dev-shm-usage',
];

/** Violations that fail a screen (axe's impact levels). */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/console when it is missing or older than apps/console (once; a lock keeps parallel workers from building twice). */
export function ensureConsoleBuilt(): void {
  const index = path.join(CONSOLE_DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(CONSOLE_SRC, 'src')), fs.statSync(path.join(CONSOLE_SRC, 'index.html')).mtimeMs, fs.statSync(path.join(CONSOLE_SRC, 'vite.config.mts')).mtimeMs);
  const fresh = () => fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources;
  if (fresh()) return;
  const lock = path.join(ROOT, 'dist/.console-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than the deadline is a crashed build's.
      if (Date.now() > deadline || Date.now() - fs.statSync(lock).mtimeMs > 180_000) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!fresh()) execFileSync('npx', ['vite', 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** A signed-in (or anonymous) person: their own browser context, so sessions never mix. */
export interface Person {
  context: BrowserContext;
  page: Page;
}

export interface ConsoleBrowserOptions {
  /** Extra environment for the system under test, set before it starts (restored on close). */
  env?: Record<string, string>;
  /** Default timeout of Playwright actions and expectations, ms (default 30 s: the suite shares a busy machine). */
  timeoutMs?: number;
  /** Listen on this port (default: a random free one); see `freePort()`. */
  port?: number;
}

/** A free TCP port on 127.0.0.1 (for a system whose URL must be known before it starts, e.g. an OIDC redirect URI). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Environment the system needs for the console's development sign-in (dev tokens exist only in
 * embedded mode, so the in-process system says it is one) and quiet logs.
 */
const SYSTEM_ENV: Record<string, string> = { AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'true', SEED_DEMO: 'false', PORT: '0' };

export class ConsoleBrowser {
  /** How long the system's event loop was held up (the API, projector, worker and Playwright share it). */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  /** Open contexts, with the test that opened them (undefined: opened in a beforeAll). */
  private readonly contexts = new Map<BrowserContext, string | undefined>();

  private constructor(
    /** The running Nest application (API + projector + worker). */
    readonly app: NestFastifyApplication,
    readonly browser: Browser,
    /** e.g. http://127.0.0.1:40123 (no trailing slash). */
    readonly baseUrl: string,
    private readonly jwt: JwtService,
    private readonly savedEnv: Record<string, string | undefined>,
    private readonly timeoutMs: number,
  ) {}

  /** Builds the console if needed, starts the system and the browser. Call in beforeAll (allow ~60 s). */
  static async start(options: ConsoleBrowserOptions = {}): Promise<ConsoleBrowser> {
    ensureConsoleBuilt();
    const env = { ...SYSTEM_ENV, ...options.env };
    const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    // Imported after the environment is set: the modules read configuration when they load.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ApiModule } = require('../../apps/api/src/api.module') as typeof import('../../apps/api/src/api.module');
    const { ProjectorModule } = require('../../apps/projector/src/projector.module') as typeof import('../../apps/projector/src/projector.module');
    const { WorkerModule } = require('../../apps/worker/src/worker.module') as typeof import('../../apps/worker/src/worker.module');
    /* eslint-enable @typescript-eslint/no-require-imports */
    @Module({ imports: [CoreModule, ApiModule, ProjectorModule, WorkerModule] })
    class ConsoleSystemModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ConsoleSystemModule] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: ['error'] });
    await prepareHttpApp(app);
    if (!(await serveConsole(app, { root: CONSOLE_DIST }))) throw new Error(`The console is not built at ${CONSOLE_DIST}`);
    await app.listen(options.port ?? 0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('The system did not listen on a TCP port');
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    const timeoutMs = options.timeoutMs ?? 30_000;
    const b = new ConsoleBrowser(app, browser, `http://127.0.0.1:${address.port}`, app.get(JwtService), savedEnv, timeoutMs);
    b.loopDelay.enable();
    return b;
  }

  /** A new context with no sign-in, at `path` (default `/`). */
  async anonymous(at = '/'): Promise<Person> {
    const context = await this.newContext();
    const page = await context.newPage();
    await page.goto(this.url(at));
    return { context, page };
  }

  /**
   * A new context signed in as `userId` through the console's development sign-in (the sign-in page's
   * user id field), then at `at` (default `/`) by the sign-in page's `next`. Sessions live in memory
   * only: after this, move with `navigate(page, path)` or the UI, not `page.goto` (a reload signs out).
   */
  async person(userId: string, at = '/'): Promise<Person> {
    const context = await this.newContext();
    const page = await context.newPage();
    await this.signIn(page, userId, at);
    return { context, page };
  }

  /** Signs `page` in as `userId` through the sign-in page, then lands at `at`. */
  async signIn(page: Page, userId: string, at = '/'): Promise<void> {
    await page.goto(this.url(`/sign-in?next=${encodeURIComponent(at)}`));
    await page
      .getByLabel(/^(Mã người dùng|User id)/)
      .fill(userId)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await this.diagnose(page, `sign-in-${userId}`)}`);
      });
    await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
    await page.getByRole('button', { name: /^(Đăng xuất|Sign out)$/ }).waitFor({ state: 'visible' });
    await page.waitForURL((url) => url.pathname + url.search === at || url.pathname === at.split('?')[0]);
  }

  /** Client-side navigation within the app (keeps the in-memory session, unlike `page.goto`). */
  async navigate(page: Page, to: string): Promise<void> {
    // A string: this file compiles without the DOM's types.
    await page.evaluate(`window.history.pushState(null, '', ${JSON.stringify(to)}); window.dispatchEvent(new PopStateEvent('popstate', { state: null }));`);
    await page.waitForURL((url) => url.pathname + url.search + url.hash === to || url.pathname === to.split(/[?#]/)[0]);
  }

  /** Absolute URL of a console path. */
  url(p: string): string {
    return `${this.baseUrl}${p.startsWith('/') ? p : `/${p}`}`;
  }

  /**
   * The axe check of one screen, in Vietnamese and in English (switching the header's language
   * select, then back): fails on any serious or critical violation, listing them. Writes
   * test-results/console/<screenName>-vi.png and -en.png.
   */
  async expectAccessible(page: Page, screenName: string): Promise<void> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const language = page.getByLabel(/^(Ngôn ngữ|Language)$/);
    const original = await language.inputValue();
    const failures: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await language.selectOption(lang);
      await page.locator(`html[lang=${JSON.stringify(lang)}]`).waitFor({ state: 'attached' });
      // No hover state on what was clicked last; let queries settle (spinners, lazy chunks) before checking.
      await page.mouse.move(0, 0);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const v of results.violations) {
        if (!v.impact || !FAILING_IMPACTS.has(v.impact)) continue;
        const targets = v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`);
        failures.push(`[${lang}] ${v.impact} ${v.id}: ${v.help}\n    ${targets.join('\n    ')}`);
      }
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${screenName}-${lang}.png`), fullPage: true });
    }
    await language.selectOption(original);
    if (failures.length) throw new Error(`axe: ${failures.length} serious/critical violation(s) on "${screenName}":\n${failures.join('\n')}`);
  }

  /** A bearer token for `userId` (any registered user), signed as the system signs dev tokens. */
  token(userId: string): string {
    return this.jwt.sign({ sub: userId });
  }

  /**
   * HTTP client of the running system for seeding: `api.as('admin').post('/units').send(…)`,
   * `api.anonymous.get('/public/initiatives')`. Paths are relative to /api/v1.
   */
  get api() {
    const agent = () => request(this.baseUrl);
    const client = (decorate: (t: request.Test) => request.Test) => ({
      get: (p: string) => decorate(agent().get(`/api/v1${p}`)),
      post: (p: string) => decorate(agent().post(`/api/v1${p}`)),
      put: (p: string) => decorate(agent().put(`/api/v1${p}`)),
      delete: (p: string) => decorate(agent().delete(`/api/v1${p}`)),
    });
    return {
      as: (userId: string) => {
        const token = this.token(userId);
        return client((t) => t.set('Authorization', `Bearer ${token}`));
      },
      anonymous: client((t) => t),
    };
  }

  /**
   * This system seen as an ApiHarness (`app`, `as`, `anonymous`, `token`), for the shared fixtures
   * (apps/api/src/initiatives/testing/initiative-fixtures.ts: `buildWorld(b.apiHarness)`, `screened`, `awarded`).
   */
  get apiHarness(): ApiHarness {
    const api = this.api;
    return { app: this.app, as: api.as, anonymous: api.anonymous, token: (u: string) => this.token(u), close: async () => undefined } as unknown as ApiHarness;
  }

  /** Raw requests to the server (any path, e.g. `/` or `/assets/…`). */
  get http() {
    return request(this.baseUrl);
  }

  /**
   * What the page and the system show when a wait fails: the page's text, a screenshot under
   * test-results/console/failures/, how long the system takes to answer now, and how long its event
   * loop has been held up at most.
   */
  async diagnose(page: Page, name: string): Promise<string> {
    const dir = path.join(SCREENSHOT_DIR, 'failures');
    fs.mkdirSync(dir, { recursive: true });
    const shot = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 }).catch(() => undefined);
    const text = await page.evaluate('document.body ? document.body.innerText.slice(0, 800) : "(no body)"', undefined).catch((e: Error) => `(page did not answer: ${e.message})`);
    const started = Date.now();
    const probe = await this.http
      .get('/api/v1/auth/config')
      .timeout(20_000)
      .then((r) => `${r.status} in ${Date.now() - started} ms`)
      .catch((e: Error) => `failed after ${Date.now() - started} ms: ${e.message}`);
    const maxLagMs = Math.round(this.loopDelay.max / 1e6);
    return `[diagnosis] page ${page.url()} (screenshot ${path.relative(ROOT, shot)}); GET /api/v1/auth/config now: ${probe}; event loop held up at most ${maxLagMs} ms; page text: ${JSON.stringify(text)}`;
  }

  /** Closes every context, the browser and the system; restores the environment. Call in afterAll. */
  async close(): Promise<void> {
    this.loopDelay.disable();
    for (const context of [...this.contexts.keys()]) await context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.app.close();
    for (const [k, v] of Object.entries(this.savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }

  private async newContext(): Promise<BrowserContext> {
    // A test's people leave when the next test starts: their pages would go on polling the system
    // and rendering, and a file's later tests would share the machine with every earlier page.
    const test = expect.getState().currentTestName;
    if (test !== undefined) {
      for (const [open, openedBy] of this.contexts) if (openedBy !== undefined && openedBy !== test) await open.close().catch(() => undefined);
    }
    const context = await this.browser.newContext({ baseURL: this.baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(this.timeoutMs);
    // Uncaught errors in the page show in the test's output (a blank screen otherwise says nothing).
    context.on('page', (page) => {
      page.on('pageerror', (error) => console.error(`[browser] ${page.url()}: ${error.message}`));
      // An API call the system refused or failed is worth a line when a later wait times out.
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (response.status() >= 400 && url.pathname.startsWith('/api/')) {
          console.warn(`[browser] ${response.request().method()} ${url.pathname} → ${response.status()} (page ${new URL(page.url()).pathname})`);
        }
      });
    });
    this.contexts.set(context, test);
    context.once('close', () => this.contexts.delete(context));
    return context;
  }
}
