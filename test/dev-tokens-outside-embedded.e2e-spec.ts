import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testDatabaseUrl } from '@laurel/testing';

/*
 * Dev tokens exist only in embedded mode (api.md, "Auth"). Each process is started as an operator
 * would start it (its real main, TypeScript compiled on the fly as in the other child-process
 * tests): with AUTH_DEV_TOKENS=true outside embedded mode it must refuse to start and say why.
 */

const ROOT = path.resolve(__dirname, '..');
const REGISTER = path.join(ROOT, 'apps/worker/test/child/register-ts.cjs');
/** An empty working directory: no developer's .env file joins in. */
const CWD = mkdtempSync(path.join(tmpdir(), 'laurel-start-'));

function start(main: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, main)], {
      cwd: CWD,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', PORT: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main} neither refused nor stopped within 30 s:\n${output}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const REFUSAL = 'AUTH_DEV_TOKENS=true is refused outside embedded mode: dev tokens let anyone sign in as any user';

describe('dev tokens are refused outside embedded mode', () => {
  it.each(['apps/api/src/main.ts', 'apps/projector/src/main.ts', 'apps/worker/src/main.ts'])(
    '%s with AUTH_DEV_TOKENS=true refuses to start, even when told LAUREL_EMBEDDED=true (a single app never is)',
    async (main) => {
      const { code, output } = await start(main, { DATABASE_URL: testDatabaseUrl(), AUTH_JWT_SECRET: 'a-service-secret-of-32-characters', AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'true' });
      expect(code).toBe(1);
      expect(output).toContain(REFUSAL);
    },
    40_000,
  );

  it('the all-in-one launcher started with DATABASE_URL and AUTH_DEV_TOKENS=true refuses to start, saying why', async () => {
    const { code, output } = await start('apps/laurel/src/main.ts', { DATABASE_URL: testDatabaseUrl(), AUTH_JWT_SECRET: 'a-service-secret-of-32-characters', AUTH_DEV_TOKENS: 'true' });
    expect(code).toBe(1);
    expect(output).toContain(REFUSAL);
  }, 40_000);

  it('a single app with no way to sign in (no AUTH_JWT_SECRET, no OIDC_ISSUER_URL) refuses to start', async () => {
    const { code, output } = await start('apps/api/src/main.ts', { DATABASE_URL: testDatabaseUrl() });
    expect(code).toBe(1);
    expect(output).toContain('no way to sign in: set OIDC_ISSUER_URL (users) and/or AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE (service accounts)');
  }, 40_000);
});
