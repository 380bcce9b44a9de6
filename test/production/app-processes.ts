import { spawn, type ChildProcess } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { findFreePort, silentLogger, startEmbeddedPostgres, startPrivateRedis, type EmbeddedPostgres, type PrivateRedis } from '@laurel/infra';

/*
 * Laurel as production runs it: api, projector and worker as separate Node processes (the
 * TypeScript sources, compiled on load like jest does) against a PostgreSQL and a Redis of the
 * test's own, so that the test may stop, start and freeze them without touching anyone else's.
 */

const ROOT = path.resolve(__dirname, '../..');
const REGISTER = path.join(ROOT, 'apps/worker/test/child/register-ts.cjs');
export type AppKind = 'api' | 'projector' | 'worker';

export class AppProcess {
  readonly output: string[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly kind: AppKind,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, 100);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => (this.exit = { code, signal }));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Lines of its log that report an uncaught error (what ended processes before). */
  uncaught(): string[] {
    return this.output.join('').split('\n').filter((line) => /uncaught|Unhandled 'error' event|Emitted 'error' event/i.test(line));
  }

  /** SIGKILL, as a crash or the OOM killer ends a process: no shutdown hook runs. Resolves once it has exited. */
  async kill(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** The local ports of its TCP sockets: which PostgreSQL sessions are its own (`pg_stat_activity.client_port`). */
  localPorts(): Set<number> {
    return this.child.pid === undefined || this.exit ? new Set() : localTcpPorts(this.child.pid);
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts one app from its main.ts with `env` (and PORT); resolves once GET `readyPath` answers 200. */
export async function startApp(kind: AppKind, env: Record<string, string>, readyPath = '/health', timeoutMs = 90_000): Promise<AppProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, `apps/${kind}/src/main.ts`)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const app = new AppProcess(kind, port, child);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.exit) throw new Error(`${kind} exited during start (${JSON.stringify(app.exit)}):\n${app.output.join('').slice(-4000)}`);
    const status = await fetch(`${app.url}${readyPath}`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
    if (status === 200) return app;
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`${kind} not ready within ${timeoutMs} ms (last status ${status}):\n${app.output.join('').slice(-4000)}`);
    }
    await sleep(250);
  }
}

export interface Servers {
  postgres: EmbeddedPostgres;
  redis: PrivateRedis;
  dir: string;
  /** Stops PostgreSQL (fast shutdown: every connection is dropped) and starts it again on the same port and data. */
  restartPostgres(downMs: number): Promise<void>;
  /** SIGSTOP to every PostgreSQL process for `ms`, then SIGCONT: the server is frozen, connections stay open. */
  freezePostgres(ms: number): Promise<{ frozenAt: number; thawedAt: number }>;
  stop(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-production-'));
  const pgPort = await findFreePort();
  const pgOptions = { dataDir: path.join(dir, 'pg'), port: pgPort, database: 'laurel', log: silentLogger, durable: false };
  let postgres = await startEmbeddedPostgres(pgOptions);
  const redis = await startPrivateRedis({ dataDir: path.join(dir, 'redis'), port: await findFreePort(), log: silentLogger, persistent: false });
  const servers: Servers = {
    get postgres() {
      return postgres;
    },
    redis,
    dir,
    async restartPostgres(downMs) {
      await postgres.stop();
      await sleep(downMs);
      postgres = await startEmbeddedPostgres(pgOptions);
    },
    async freezePostgres(ms) {
      // The postmaster first (it forks no more backends), then every child: each backend calls
      // setsid(), so signalling the postmaster's process group would miss them.
      const pids = [postgres.pid, ...childPids(postgres.pid)];
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      const frozenAt = Date.now();
      try {
        await sleep(ms);
      } finally {
        for (const pid of pids.reverse()) process.kill(pid, 'SIGCONT');
      }
      return { frozenAt, thawedAt: Date.now() };
    },
    async stop() {
      await postgres.stop().catch(() => undefined);
      await redis.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return servers;
}

/** The environment every app gets, as docker/compose.yaml gives it (secrets in files). */
export function appEnv(servers: Servers, extra: Record<string, string> = {}): Record<string, string> {
  const secret = path.join(servers.dir, 'service-secret');
  const kek = path.join(servers.dir, 'ballot-kek');
  const signing = path.join(servers.dir, 'audit-signing-key');
  if (!fs.existsSync(signing)) fs.writeFileSync(signing, randomBytes(32).toString('base64'), { mode: 0o600 });
  if (!fs.existsSync(secret)) fs.writeFileSync(secret, randomBytes(32).toString('hex'), { mode: 0o600 });
  if (!fs.existsSync(kek)) fs.writeFileSync(kek, randomBytes(32).toString('base64'), { mode: 0o600 });
  return {
    NODE_ENV: 'production',
    DATABASE_URL: servers.postgres.url,
    REDIS_URL: servers.redis.url,
    AUTH_JWT_SECRET_FILE: secret,
    BALLOT_KEK_FILE: kek,
    AUDIT_SIGNING_KEY_FILE: signing,
    AUDIT_WITNESS_DIR: path.join(servers.dir, 'witness'),
    ...extra,
  };
}

/** A service-account token for `userId`, as scripts/service-token.ts mints it. */
export function serviceToken(servers: Servers, userId: string): Promise<string> {
  return serviceTokenFromFile(path.join(servers.dir, 'service-secret'), userId);
}

export async function serviceTokenFromFile(file: string, userId: string): Promise<string> {
  const secret = fs.readFileSync(file, 'utf8').trim();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + 3600).sign(createSecretKey(Buffer.from(secret)));
}

/** The local ports of the TCP sockets `pid` has open, from /proc (its fds' socket inodes in /proc/net/tcp{,6}). */
export function localTcpPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return new Set();
  }
  for (const fd of fds) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length > 9 && inodes.has(columns[9])) ports.add(parseInt(columns[1].split(':')[1], 16));
    }
  }
  return ports;
}

/** Direct children of `pid`, from /proc. */
function childPids(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The fields after the command's closing parenthesis: state, then the parent's pid.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
