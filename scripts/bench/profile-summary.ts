/**
 * profile-summary — where a V8 CPU profile (`node --cpu-prof`, e.g. bench:http's API process with
 * BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof") spends its time: self time by
 * function + file, each with its heaviest callers, and self time by package (node_modules/<pkg>,
 * node: internals, the app's own code).
 *
 *   node dist/scripts/bench/profile-summary.js /tmp/prof/CPU.….cpuprofile [--top 25] [--callers 3]
 *     [--skip 5] [--until 20]     only the samples between 5 s and 20 s into the profile (leave out
 *                                 start-up and set-up; one route of bench:http: print --timeline first)
 *     [--timeline]                busy ms of each second of the profile, to find the windows
 *     [--under 'canActivate,pg/lib']  inclusive time of the frames whose name or file contains each
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A frame's name: function, file (shortened to the package or the repository path) and line. */
function frameName(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const dist = path.indexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : path;
}

/** The package a frame belongs to: node_modules/<pkg>, node:<builtin>, the app's code, or V8's own. */
function packageOf(frame: CallFrame): string {
  const path = frame.url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return path.split('/')[0];
  if (path === '') return `(${frame.functionName || 'native'})`;
  return '(laurel)';
}

export interface SummaryOptions {
  top?: number;
  callers?: number;
  /** Seconds at the start of the profile to leave out. */
  skipSeconds?: number;
  /** Seconds into the profile after which samples are left out. */
  untilSeconds?: number;
  /** Patterns (in a frame's name or file): the inclusive time of the frames matching each. */
  under?: readonly string[];
}

export function summarise(profile: CpuProfile, { top = 25, callers = 3, skipSeconds = 0, untilSeconds = Infinity, under = [] }: SummaryOptions = {}): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  let total = 0;
  let idle = 0;
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    elapsedUs += delta;
    if (elapsedUs < skipSeconds * 1e6 || elapsedUs > untilSeconds * 1e6) return;
    // Idle time is the event loop waiting: not work, so not part of the percentages.
    if (byId.get(id)?.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    total += delta;
  });

  const frames = new Map<string, { us: number; callers: Map<string, number> }>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node.callFrame);
    const entry = frames.get(name) ?? { us: 0, callers: new Map<string, number>() };
    entry.us += us;
    const callerId = parent.get(id);
    const caller = callerId === undefined ? undefined : byId.get(callerId);
    const callerName = caller ? frameName(caller.callFrame) : '(root)';
    entry.callers.set(callerName, (entry.callers.get(callerName) ?? 0) + us);
    frames.set(name, entry);
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }

  const pct = (us: number) => `${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
  const lines = [`busy: ${(total / 1000).toFixed(0)} ms (idle: ${(idle / 1000).toFixed(0)} ms)`, '', 'self time by function:'];
  for (const [name, entry] of [...frames].sort((a, b) => b[1].us - a[1].us).slice(0, top)) {
    lines.push(`${pct(entry.us)}  ${name}`);
    for (const [caller, us] of [...entry.callers].sort((a, b) => b[1] - a[1]).slice(0, callers)) lines.push(`           ← ${pct(us)}  ${caller}`);
  }
  lines.push('', 'self time by package:');
  for (const [pkg, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(us)}  ${pkg}`);
  if (under.length > 0) {
    lines.push('', 'inclusive time (a sample counts once for a pattern, under its first matching frame):');
    for (const pattern of under) {
      let us = 0;
      for (const [id, sampleUs] of selfUs) {
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const node = byId.get(at);
          if (node && frameName(node.callFrame).includes(pattern)) {
            us += sampleUs;
            break;
          }
        }
      }
      lines.push(`${pct(us)}  ${pattern}`);
    }
  }
  return lines.join('\n');
}

/** Busy ms (not idle) of each second of the profile. */
export function timeline(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const busy: number[] = [];
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    elapsedUs += delta;
    const second = Math.floor(elapsedUs / 1e6);
    busy[second] = (busy[second] ?? 0) + (byId.get(id)?.callFrame.functionName === '(idle)' ? 0 : delta / 1000);
  });
  return Array.from(busy, (ms, second) => `${second}s:${Math.round(ms ?? 0)}`).join(' ');
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
  };
  const top = option('top', 25);
  const callers = option('callers', 3);
  const skipSeconds = option('skip', 0);
  const untilSeconds = option('until', Infinity);
  const timelineAt = args.indexOf('--timeline');
  const showTimeline = timelineAt >= 0 && args.splice(timelineAt, 1).length > 0;
  const underAt = args.indexOf('--under');
  const under = underAt >= 0 ? args.splice(underAt, 2)[1].split(',').filter(Boolean) : [];
  if (args.length === 0) throw new Error('usage: profile-summary <file.cpuprofile> [--top 25] [--callers 3] [--skip <s>] [--until <s>] [--timeline] [--under <pattern,…>]');
  for (const file of args) {
    console.log(`== ${file}`);
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.log(showTimeline ? timeline(profile) : summarise(profile, { top, callers, skipSeconds, untilSeconds, under }));
  }
}

if (require.main === module) main();
