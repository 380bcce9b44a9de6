import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedLogger, LineTail } from './logger';
import { RunAs, childEnv, chownTree, ensureTraversable, spawnIds } from './postgres-run-as';
import {
  isAlive,
  procCmdline,
  procCwd,
  processesWithCwd,
  realpathOrSelf,
  removeFile,
  terminatePid,
} from './process-utils';

/** The cluster directory: creating it once, and cleaning up after runs that were killed. */

export function ownerLockPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.owner.json`);
}

function initMarkerPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.initializing`);
}

export async function prepareCluster(args: {
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
      ...spawnIds(runAs),
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
 * Called while holding the owner lock, so anything still running in this data directory was
 * left by a run that is gone (killed with SIGKILL, crashed):
 * - a live postmaster of this cluster: an orphan, stopped;
 * - its backends, if the postmaster itself was SIGKILLed: stopped too (they hold its shared memory);
 * - a postmaster.pid whose process is gone or is something else (pid reused): removed.
 */
export async function takeOverLeftovers(dataDir: string, log: EmbeddedLogger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const postmasterPid = readPostmasterPid(pidFile);
  if (postmasterPid === undefined) return;

  const state = clusterProcessState(postmasterPid, dataDir);
  if (state === 'unknown') return; // no /proc (macOS): postgres checks its pid file itself
  if (state === 'ours') {
    log.warn(`stopping an orphaned embedded PostgreSQL (pid ${postmasterPid}) left in ${dataDir} by an earlier run`);
    await terminatePid(postmasterPid, [
      ['SIGINT', 20_000],
      ['SIGQUIT', 10_000],
      ['SIGKILL', 5_000],
    ]);
  }

  const stragglers = processesWithCwd(dataDir).filter((pid) => clusterProcessState(pid, dataDir) === 'ours');
  if (stragglers.length > 0) {
    log.warn(`stopping ${stragglers.length} leftover postgres process(es) in ${dataDir}: ${stragglers.join(', ')}`);
    await Promise.all(stragglers.map((pid) => terminatePid(pid, [['SIGQUIT', 5_000], ['SIGKILL', 5_000]])));
  }

  if (fs.existsSync(pidFile)) {
    log.info(`removing stale ${pidFile} (pid ${postmasterPid} no longer runs this cluster)`);
    removeFile(pidFile);
  }
}

function readPostmasterPid(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether pid is a live postgres process (postmaster or child) serving this data directory. */
function clusterProcessState(pid: number, dataDir: string): 'ours' | 'not-ours' | 'unknown' {
  if (!isAlive(pid)) return 'not-ours';
  const cwd = procCwd(pid);
  if (cwd === undefined) return process.platform === 'linux' ? 'not-ours' : 'unknown';
  if (cwd !== realpathOrSelf(dataDir)) return 'not-ours';
  return /(^|\/)postgres(\s|:|$)/.test(procCmdline(pid)) ? 'ours' : 'not-ours';
}
