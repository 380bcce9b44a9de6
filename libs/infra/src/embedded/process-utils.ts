import { ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * Small process helpers shared by the embedded PostgreSQL and the private redis-server.
 * Linux details (/proc) are used where available and skipped elsewhere.
 */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export { sleep };

/** True when a process with this pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie still answers kill(pid, 0); an orphan whose new parent never reaps it (e.g.
  // node running as PID 1 in a container) stays one forever.
  return procState(pid) !== 'Z';
}

function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function procState(pid: number): string | undefined {
  return procStat(pid)?.[0];
}

/** The process start time in clock ticks since boot (Linux), to tell a reused pid apart. */
export function procStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** The working directory of a process (Linux; needs root or the same uid). */
export function procCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

export function procCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Pids of all live processes (other than this one) whose working directory is `dir`. */
export function processesWithCwd(dir: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const real = realpathOrSelf(dir);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (procCwd(pid) === real && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

export function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Sends the signals in order, waiting after each for the process to go; true once it has.
 */
export async function terminatePid(
  pid: number,
  steps: Array<[NodeJS.Signals, number]>,
): Promise<boolean> {
  for (const [signal, waitMs] of steps) {
    if (!isAlive(pid)) return true;
    try {
      process.kill(pid, signal);
    } catch {
      /* gone already, or not ours */
    }
    if (await waitForExit(pid, waitMs)) return true;
  }
  return !isAlive(pid);
}

/** Same as terminatePid, for a child of this process (uses its exit event, so zombies do not fool it). */
export async function terminateChild(
  child: ChildProcess,
  steps: Array<[NodeJS.Signals, number]>,
): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const [signal, waitMs] of steps) {
    if (child.exitCode !== null || child.signalCode !== null) return true;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (done) return true;
  }
  return child.exitCode !== null || child.signalCode !== null;
}

// --- Killing children when this process exits -------------------------------------------

const exitHooks = new Set<() => void>();
let exitListenerInstalled = false;

/**
 * Runs `hook` synchronously when this process exits (normally or via process.exit()).
 * Signals are the caller's business: a process killed by an unhandled signal or SIGKILL
 * runs no hook, and the next start takes over what it left behind (see owner locks).
 * Returns a function that removes the hook.
 */
export function onProcessExit(hook: () => void): () => void {
  if (!exitListenerInstalled) {
    exitListenerInstalled = true;
    process.on('exit', () => {
      for (const fn of [...exitHooks]) {
        try {
          fn();
        } catch {
          /* keep going */
        }
      }
    });
  }
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

// --- Owner locks: who started the server that runs in a data directory ------------------

export interface OwnerLock {
  ownerPid: number;
  ownerStartTime?: string;
  serverPid: number;
  port: number;
  startedAt: string;
}

export function writeOwnerLock(file: string, lock: OwnerLock): void {
  fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
}

export function readOwnerLock(file: string): OwnerLock | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as OwnerLock;
    return typeof parsed.ownerPid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function removeFile(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* ignore */
  }
}

export function selfOwner(): Pick<OwnerLock, 'ownerPid' | 'ownerStartTime'> {
  const startTime = procStartTime(process.pid);
  return startTime === undefined ? { ownerPid: process.pid } : { ownerPid: process.pid, ownerStartTime: startTime };
}

/**
 * Takes the owner lock of a data directory (exclusive create), so two processes never run or
 * initialise one cluster at once. A lock whose owner is gone is stale and taken over; one
 * whose owner lives throws `inUse(lock)`. Fill in serverPid with updateOwnerLock once known.
 */
export function acquireOwnerLock(file: string, port: number, inUse: (lock: OwnerLock) => Error): OwnerLock {
  const mine: OwnerLock = { ...selfOwner(), serverPid: 0, port, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine, null, 2) + '\n', { flag: 'wx' });
      return mine;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = readOwnerLock(file);
    if (held && ownerIsAlive(held)) throw inUse(held);
    if (!held && Date.now() - mtimeMs(file) < 2_000) {
      // Being written right now by another starter: give it a moment.
      sleepSync(100);
      continue;
    }
    removeFile(file);
  }
  throw new Error(`Could not take the lock ${file}; remove it if no other process uses that data directory.`);
}

/** Records the server pid in a lock this process holds; releases it with releaseOwnerLock. */
export function updateOwnerLock(file: string, lock: OwnerLock, serverPid: number): void {
  lock.serverPid = serverPid;
  writeOwnerLock(file, lock);
}

/** Removes the lock if it is still the one `lock` took (not a later taker's). */
export function releaseOwnerLock(file: string, lock: OwnerLock): void {
  const held = readOwnerLock(file);
  if (held && held.ownerPid === lock.ownerPid && held.startedAt === lock.startedAt) removeFile(file);
}

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The process that wrote the lock is still running (and is not a new process reusing its pid). */
export function ownerIsAlive(lock: OwnerLock): boolean {
  if (!isAlive(lock.ownerPid)) return false;
  if (lock.ownerStartTime === undefined) return true;
  const now = procStartTime(lock.ownerPid);
  return now === undefined || now === lock.ownerStartTime;
}

// --- Ports and binaries -----------------------------------------------------------------

/** True when nothing listens on host:port (checked by binding it briefly). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for tests). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}

/** Finds an executable: a path is checked as is, a bare name is looked up on PATH. */
export function findExecutable(nameOrPath: string, envPath = process.env.PATH ?? ''): string | undefined {
  const candidates = nameOrPath.includes(path.sep)
    ? [path.resolve(nameOrPath)]
    : envPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, nameOrPath));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Runs a command, returning trimmed stdout, or undefined when it fails. */
export function tryExec(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

/** A port from an env var, undefined when unset or empty. */
export function envPort(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name}=${raw} is not a valid port`);
  return port;
}
