/** Small helpers shared by the benchmark scripts. */
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return round(sortedMs[Math.max(0, index)]);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * `--name value` options over `defaults`: a number where the default is a number (positive), a word
 * where it is a string (one of `choices[name]` when given).
 */
export function parseArgs<T extends Record<string, number | string>>(argv: string[], defaults: T, choices: { [K in keyof T]?: readonly string[] } = {}): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in out)) throw new Error(`unknown option --${key}; known: ${Object.keys(out).map((k) => `--${k}`).join(' ')}`);
    const text = argv[++i];
    if (typeof out[key] === 'string') {
      const allowed = choices[key as keyof T];
      if (text === undefined || (allowed && !allowed.includes(text))) throw new Error(`--${key} needs ${allowed ? `one of ${allowed.join(', ')}` : 'a value'}`);
      out[key] = text;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} needs a positive number`);
    out[key] = value;
  }
  return out as T;
}

/** The load average over 1, 5 and 15 minutes (the machine is shared: every figure says how busy it was). */
export function loadAverage(): number[] {
  return os.loadavg().map((v) => round(v));
}

/** Runs `work(i)` for i in [0, total) on `concurrency` workers; returns each call's latency in ms. */
export async function runConcurrently(total: number, concurrency: number, work: (i: number, worker: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        await work(i, worker);
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies: latencies.sort((a, b) => a - b), seconds };
}

/** User + system CPU time of a process, in ms (Linux /proc; clock ticks at 100 Hz). */
export function cpuMs(pid: number): number {
  return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** utime + stime of a /proc/<pid>/stat line, in ms; the fields after the command name, which may hold spaces. */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time, in ms, of each process whose command name is `name` (e.g. PostgreSQL's backends), by pid. */
export function cpuMsOfCommand(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      byPid.set(Number(entry), statCpuMs(stat));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byPid;
}

/** The CPU time the processes spent between two readings of cpuMsOfCommand (those that ended meanwhile are not counted). */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Busy CPU time of the whole machine, in ms, summed over its cores (Linux /proc/stat). */
export function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) * 10;
}

/** The CPU times of a moment: the API processes', PostgreSQL's, this process's (the load generator), the machine's. */
export interface CpuMark {
  api: number;
  postgres: Map<number, number>;
  self: number;
  machine: number;
}

export function cpuMark(apiPids: readonly number[]): CpuMark {
  const usage = process.cpuUsage();
  return { api: apiPids.reduce((sum, pid) => sum + cpuMs(pid), 0), postgres: cpuMsOfCommand('postgres'), self: (usage.user + usage.system) / 1000, machine: machineBusyMs() };
}

/** The CPU spent per unit of work (a request, a command) between two marks, by whom, in ms. */
export function cpuPerUnit(before: CpuMark, after: CpuMark, units: number): { api: number; postgres: number; loadGenerator: number; machine: number } {
  const per = (ms: number) => round(ms / Math.max(1, units), 3);
  return {
    api: per(after.api - before.api),
    postgres: per(cpuMsBetween(before.postgres, after.postgres)),
    loadGenerator: per(after.self - before.self),
    machine: per(after.machine - before.machine),
  };
}
