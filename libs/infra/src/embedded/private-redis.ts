import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { EmbeddedLogger, watchChild } from './logger';
import {
  acquireOwnerLock,
  envPort,
  findExecutable,
  isAlive,
  isPortFree,
  onProcessExit,
  procCmdline,
  procCwd,
  realpathOrSelf,
  releaseOwnerLock,
  removeFile,
  sleep,
  terminateChild,
  terminatePid,
  updateOwnerLock,
} from './process-utils';

/**
 * A private `redis-server` child process for development and tests (the system's binary;
 * nothing is downloaded). Bound to 127.0.0.1, `maxmemory-policy noeviction` (BullMQ needs
 * it), append-only file when persistent, no RDB snapshots.
 */

export const DEFAULT_EMBEDDED_REDIS_PORT = 6389;

export interface PrivateRedisOptions {
  /** Working directory (AOF, pid file). Default `./.data/redis`. */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Default env EMBEDDED_REDIS_PORT, else 6389. */
  port?: number;
  log: EmbeddedLogger;
  /** true (default): `appendonly yes`, data kept across restarts. false: nothing written to disk. */
  persistent?: boolean;
  /** redis-server to run: a path, or a name looked up on PATH. Default env EMBEDDED_REDIS_BIN, else `redis-server`. */
  binary?: string;
  /** How long to wait for PONG. Default 20 s. */
  startTimeoutMs?: number;
  /** Own process group (default true): a terminal Ctrl-C reaches only the parent, which calls stop(). */
  detached?: boolean;
  /** More redis-server arguments (`--name value` pairs), applied last. */
  extraArgs?: string[];
}

export interface PrivateRedis {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** SIGTERM (redis flushes the AOF and exits), SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>;
}

/** Thrown when no redis-server binary can be found; its message says how to install one. */
export class RedisServerNotFoundError extends Error {
  constructor(binary: string) {
    super(
      `redis-server was not found (looked for "${binary}"${binary.includes(path.sep) ? '' : ' on PATH'}). ` +
        `Without REDIS_URL, Laurel runs a private redis-server and needs the binary. Install it:\n` +
        `  Debian/Ubuntu: sudo apt-get install -y redis-server\n` +
        `  macOS:         brew install redis\n` +
        `or set REDIS_URL to use an existing Redis server (e.g. REDIS_URL=redis://127.0.0.1:6379).`,
    );
    this.name = 'RedisServerNotFoundError';
  }
}

export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis> {
  const log = options.log;
  const dataDir = path.resolve(options.dataDir ?? path.join('.data', 'redis'));
  const port = options.port ?? envPort('EMBEDDED_REDIS_PORT') ?? DEFAULT_EMBEDDED_REDIS_PORT;
  const persistent = options.persistent ?? true;
  const requested = options.binary ?? process.env.EMBEDDED_REDIS_BIN ?? 'redis-server';
  const startedAt = Date.now();

  const binary = findExecutable(requested);
  if (!binary) throw new RedisServerNotFoundError(requested);

  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'redis.pid');
  const lockFile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.owner.json`);
  const lock = acquireOwnerLock(lockFile, port, (held) =>
    new Error(
      `The private redis-server in ${dataDir} is already running or starting (port ${held.port}), owned by ` +
        `${held.ownerPid === process.pid ? 'this process' : `process ${held.ownerPid}`}. Stop that first, use ` +
        `another data directory and EMBEDDED_REDIS_PORT, or set REDIS_URL.`,
    ),
  );
  let child: ChildProcess;
  try {
    await takeOverLeftovers(dataDir, pidFile, log);
    if (!(await isPortFree(port))) {
      throw new Error(
        `Cannot start the private redis-server: port ${port} on 127.0.0.1 is already in use. ` +
          `Set EMBEDDED_REDIS_PORT to a free port, or set REDIS_URL to use an existing Redis server.`,
      );
    }
    // prettier-ignore
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--protected-mode', 'yes',
      '--dir', dataDir,
      '--pidfile', pidFile,
      '--daemonize', 'no',
      '--logfile', '',
      '--always-show-logo', 'no',
      '--maxmemory-policy', 'noeviction',
      '--save', '',
      '--appendonly', persistent ? 'yes' : 'no',
      '--appendfsync', 'everysec',
      ...(options.extraArgs ?? []),
    ];
    // A bare environment: the process's secrets (BALLOT_KEK, AUTH_JWT_SECRET) never reach Redis.
    const env = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
    child = spawn(binary, args, { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? true });
  } catch (err) {
    releaseOwnerLock(lockFile, lock);
    throw err;
  }
  if (child.pid !== undefined) updateOwnerLock(lockFile, lock, child.pid);

  const { tail, spawnError, exited } = watchChild(child, log, 'redis');

  let stopping = false;
  const removeExitHook = onProcessExit(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    releaseOwnerLock(lockFile, lock);
  });

  let stopPromise: Promise<void> | undefined;
  const stop = () =>
    (stopPromise ??= (async () => {
      stopping = true;
      removeExitHook();
      await terminateChild(child, [
        ['SIGTERM', 15_000],
        ['SIGKILL', 5_000],
      ]);
      releaseOwnerLock(lockFile, lock);
      log.info(`private redis-server on port ${port} stopped`);
    })());

  const startup = new AbortController();
  try {
    await Promise.race([
      waitForPong(port, options.startTimeoutMs ?? 20_000, startup.signal),
      exited.then((how) => Promise.reject(new Error(`redis-server exited during startup (${how})`))),
      spawnError.then((err) =>
        Promise.reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new RedisServerNotFoundError(requested) : err),
      ),
    ]);
  } catch (err) {
    startup.abort();
    await stop();
    if (err instanceof RedisServerNotFoundError) throw err;
    throw new Error(
      `The private redis-server failed to start in ${dataDir} on port ${port}: ${(err as Error).message}\n` +
        `--- redis-server output (last lines) ---\n${tail.text()}`,
      { cause: err },
    );
  }

  void exited.then((how) => {
    if (!stopping) log.error(`private redis-server (pid ${child.pid}) exited unexpectedly (${how}); last output:\n${tail.text()}`);
  });
  log.info(
    `private redis-server ready on 127.0.0.1:${port} (${persistent ? `appendonly, data ${dataDir}` : 'no persistence'}) ` +
      `in ${Date.now() - startedAt} ms`,
  );

  return { url: `redis://127.0.0.1:${port}`, port, dataDir, pid: child.pid ?? -1, stop };
}

/** Called while holding the owner lock: a redis-server still running here is an orphan of a killed run. */
async function takeOverLeftovers(dataDir: string, pidFile: string, log: EmbeddedLogger): Promise<void> {
  let pid: number | undefined;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim()) || undefined;
  } catch {
    return;
  }
  if (pid !== undefined && isOurRedis(pid, dataDir)) {
    log.warn(`stopping an orphaned redis-server (pid ${pid}) left in ${dataDir} by an earlier run`);
    await terminatePid(pid, [
      ['SIGTERM', 15_000],
      ['SIGKILL', 5_000],
    ]);
  }
  removeFile(pidFile);
}

function isOurRedis(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  const cwd = procCwd(pid);
  if (cwd === undefined) return false; // no /proc: cannot tell, leave it alone
  return cwd === realpathOrSelf(dataDir) && procCmdline(pid).includes('redis-server');
}

async function waitForPong(port: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && !signal.aborted) {
    last = await pingOnce(port).catch((err: Error) => err.message);
    if (last.startsWith('+PONG')) return;
    await sleep(50);
  }
  throw new Error(`no PONG after ${timeoutMs} ms (last answer: ${last.trim() || 'none'})`);
}

/** Sends one RESP PING; resolves with the raw first reply ('+PONG', '-LOADING ...'). */
export function pingOnce(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
