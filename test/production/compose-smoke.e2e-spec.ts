import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { findFreePort, silentLogger, startEmbeddedPostgres, startPrivateRedis, type EmbeddedPostgres, type PrivateRedis } from '@laurel/infra';
import { AppProcess, serviceTokenFromFile, sleep } from './app-processes';

/*
 * issue 13, item 1: docker/compose.yaml really starts. Without Docker: the file is read, `init`
 * runs its command as it is (its volume targets /run/laurel-secrets and /var/lib/laurel-witness mapped
 * to temp dirs), then each
 * app service runs its `command` with its `environment` (after compose's ${VAR:-default}
 * interpolation) as a local process, on the code `npm run build` produced, the same build the
 * Dockerfile runs. Hostnames postgres/redis become 127.0.0.1 and the test's ports; each
 * container's port 3000 becomes a free local port. Each service's own healthcheck command decides
 * when it is healthy. Then a command flows through: a read model shows it and a notification
 * reaches the inbox.
 */

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE = path.join(ROOT, 'docker/compose.yaml');
const SECRETS_TARGET = '/run/laurel-secrets';
const WITNESS_TARGET = '/var/lib/laurel-witness';

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  image?: string;
}

/** Compose's `${NAME:-default}` / `${NAME}` interpolation, with an empty shell environment. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_all, _name: string, fallback: string | undefined) => fallback ?? '');
}

/** The services, with compose's `<<: *anchor` merge keys applied (a service's own keys win). */
function readCompose(): { services: Record<string, Service> } {
  const raw = load(fs.readFileSync(COMPOSE, 'utf8')) as { services: Record<string, Record<string, unknown>> };
  const services = Object.fromEntries(
    Object.entries(raw.services).map(([name, service]) => {
      const { '<<': base, ...own } = service as { '<<'?: Record<string, unknown> };
      return [name, { ...(base ?? {}), ...own } as Service];
    }),
  );
  return { services };
}

describe('docker/compose.yaml starts (its services as local processes)', () => {
  const compose = readCompose();
  let dir = '';
  let postgres: EmbeddedPostgres | undefined;
  let redis: PrivateRedis | undefined;
  const apps: AppProcess[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await postgres?.stop();
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('api, projector and worker become healthy on the compose configuration, and a command reaches a read model and a notification', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-compose-'));
    const secrets = path.join(dir, 'secrets');
    fs.mkdirSync(secrets);
    const witness = path.join(dir, 'witness');
    fs.mkdirSync(witness);
    // The postgres service's own user, password and database.
    const pgEnv = compose.services.postgres.environment ?? {};
    const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
    [postgres, redis] = await Promise.all([
      startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, database: pgEnv.POSTGRES_DB, user: pgEnv.POSTGRES_USER, password: pgEnv.POSTGRES_PASSWORD, log: silentLogger, durable: false }),
      startPrivateRedis({ dataDir: path.join(dir, 'redis'), port: redisPort, log: silentLogger, persistent: false }),
    ]);
    const mapped = (value: string) =>
      interpolate(value)
        .replaceAll('@postgres:5432/', `@127.0.0.1:${pgPort}/`)
        .replaceAll('redis://redis:6379', `redis://127.0.0.1:${redisPort}`)
        .replaceAll(SECRETS_TARGET, secrets)
        .replaceAll(WITNESS_TARGET, witness);

    // The one-shot init service, its command as written.
    const init = compose.services.init;
    const [initBin, ...initArgs] = init.command ?? [];
    execFileSync(initBin === 'node' ? process.execPath : initBin, initArgs.map(mapped), { stdio: 'pipe' });
    expect(fs.readdirSync(secrets).sort()).toEqual(['audit-signing-key', 'ballot-kek', 'service-secret']);

    // What the image runs: `npm run build` (docker/Dockerfile, stage build). scripts/test.sh makes that
    // build once before the integration tests and says so: rebuilding here would delete dist/ under
    // the browser tests, which serve dist/console at the same time.
    if (process.env.LAUREL_TEST_BUILT !== '1') execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });

    for (const name of ['api', 'projector', 'worker']) {
      const service = compose.services[name];
      const [bin, ...args] = service.command ?? [];
      expect(bin).toBe('node');
      const port = await findFreePort();
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, mapped(String(value))]));
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env, PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      apps.push(new AppProcess(name as AppProcess['kind'], port, child));
    }

    // Each service's healthcheck, as compose would run it inside the container.
    const healthy = async (app: AppProcess) => {
      const [, ...test] = compose.services[app.kind].healthcheck?.test ?? [];
      const [bin, ...args] = test;
      expect(bin).toBe('node');
      return new Promise<boolean>((resolve) => {
        const check = spawn(process.execPath, args.map((a) => a.replaceAll('127.0.0.1:3000', `127.0.0.1:${app.port}`)), { stdio: 'ignore' });
        check.on('exit', (code) => resolve(code === 0));
      });
    };
    const deadline = Date.now() + 40_000;
    for (;;) {
      for (const app of apps) if (app.exit) throw new Error(`${app.kind} exited (${JSON.stringify(app.exit)}):\n${app.output.join('').slice(-3000)}`);
      const states = await Promise.all(apps.map(healthy));
      if (states.every(Boolean)) break;
      if (Date.now() > deadline) {
        const answers = await Promise.all(apps.map((a) => fetch(`${a.url}/health/ready`).then(async (r) => `${r.status} ${await r.text()}`, (e: Error) => e.message)));
        throw new Error(`not healthy within 90 s: ${apps.map((a, i) => `${a.kind}=${states[i]} (${answers[i]})`).join(', ')}\n${apps.map((a) => a.output.join('').slice(-1500)).join('\n')}`);
      }
      await sleep(500);
    }

    // A command through to a read model and a notification.
    const api = apps[0];
    const tokens = new Map<string, string>();
    const token = async (userId: string) => tokens.get(userId) ?? tokens.set(userId, await serviceTokenFromFile(path.join(secrets, 'service-secret'), userId)).get(userId)!;
    const call = async (userId: string, method: string, route: string, body?: unknown) => {
      const response = await fetch(`${api.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${await token(userId)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    await call('admin', 'POST', '/units', { id: 'city', name: 'City', level: 'province' });
    await call('admin', 'POST', '/units', { id: 'ward', name: 'Ward', level: 'grassroots', parentId: 'city' });
    await call('admin', 'POST', '/users', { id: 'officer', name: 'Unit officer', email: 'officer@example.org', roles: ['unit_officer'], unitId: 'ward' });
    await call('admin', 'POST', '/users', { id: 'secretary', name: 'Council secretary', email: 'secretary@example.org', roles: ['secretary'], unitId: 'city' });
    await call('admin', 'POST', '/users', { id: 'member', name: 'Council chair', email: 'member@example.org', roles: ['council_member'], unitId: 'city' });
    await call('admin', 'POST', '/councils', {
      id: 'council',
      name: 'City council',
      unitId: 'city',
      level: 'province',
      members: [
        { userId: 'member', role: 'chair' },
        { userId: 'secretary', role: 'secretary' },
      ],
      rules: { note: 'By majority', quorum: '2/3 of members', approval: 'more than half of those present', secretBallot: false },
    });
    await call('admin', 'POST', '/movements', { id: 'movement', title: 'Movement', organizerUnitId: 'city', kind: 'regular', fields: ['economy'], startsOn: '2025-01-01', endsOn: '2030-12-31', workflowId: 'initiative-recognition' });
    await call('admin', 'POST', '/movements/movement/launch', {});
    await call('officer', 'POST', '/initiatives', { id: 'initiative', movementId: 'movement', unitId: 'ward', title: 'A model', summary: 'A model of the ward', field: 'economy', authors: [{ name: 'Author' }] });
    await call('officer', 'POST', '/initiatives/initiative/progress-reports', { summary: 'Pilot report', indicators: { households: 40 } });
    await call('officer', 'POST', '/initiatives/initiative/nomination', {
      awardForm: 'certificate_of_merit',
      councilId: 'council',
      statement: 'The ward proposes it',
      documents: [
        { name: 'request_letter', sha256: 'a'.repeat(64) },
        { name: 'achievement_report', sha256: 'b'.repeat(64) },
      ],
    });
    const screened = await call('secretary', 'POST', '/initiatives/initiative/screening', { outcome: 'accepted' });

    // The projector's read model, once it has reached the command's position.
    const view = await call('officer', 'GET', `/initiatives/initiative?minPosition=${String(screened.position)}`);
    expect(view).toMatchObject({ id: 'initiative', councilId: 'council' });
    // The worker's notification, in the officer's inbox.
    const inboxDeadline = Date.now() + 30_000;
    let inbox: { items?: { kind?: string }[] } = {};
    while (!(inbox.items ?? []).some((n) => n.kind === 'dossier_accepted')) {
      if (Date.now() > inboxDeadline) throw new Error(`no dossier_accepted notification: ${JSON.stringify(inbox)}`);
      await sleep(250);
      inbox = (await call('officer', 'GET', '/me/notifications')) as typeof inbox;
    }
    for (const app of apps) expect({ kind: app.kind, exit: app.exit }).toEqual({ kind: app.kind, exit: undefined });
  }, 170_000);
});
