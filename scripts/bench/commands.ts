/**
 * bench:commands — a realistic command mix over HTTP at 32 concurrent clients against the API
 * running as its own process, then against `--apis` (default 2) API processes on the same database
 * and Redis, the clients spread over them (client k talks to process k mod n on its own keep-alive
 * connections, as behind a load balancer). Each client walks initiatives through the recognition
 * track: register, progress report, nomination, screening, review opened, nine score sheets, nine
 * ballots, review closed.
 *
 * Prints one JSON line: commandsPerSec, p50Ms, p99Ms, errors with one process, the same under
 * `withApis` with n processes, and `scaling` (n processes' commands/s over one's). Each has as
 * baseline an authenticated GET of a workflow definition at the same concurrency, spread the same
 * way (the server's floor for one request: HTTP, auth, routing, validation and one small database
 * read), and the API processes' CPU per command (`apiCpuMsPerCommand`, from /proc) and in cores
 * over the phase (`apiCoresBusy`). `--apis 1` measures one process only. Each phase starts with `--warmupSeconds` (3) of the
 * mix, not measured (a process just started has cold JIT, caches and connections).
 *
 *   npm run bench:commands -- --clients 32 --seconds 20 --apis 2
 */
import { setUp, walkInitiative, type Fixture } from './command-mix';
import { benchDatabase } from './database';
import { startApiProcess, startBenchRedis, type ApiProcess } from './api-process';
import { HttpClient, type Reply } from './http-client';
import { cpuMs, loadAverage, parseArgs, percentile, round } from './stats';

interface Phase {
  apis: number;
  loadAverage: number[];
  seconds: number;
  commands: number;
  commandsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  errorCodes: Record<string, number>;
  baselineReadsPerSec: number;
  ratioToBaseline: number;
  /** The API processes' CPU time (user + system, all processes) per command, and in cores over the phase. */
  apiCpuMsPerCommand: number;
  apiCoresBusy: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { clients: 32, seconds: 20, baselineSeconds: 5, warmupSeconds: 3, apis: 2 });
  const db = await benchDatabase();
  // One Redis for every API process, as in production.
  const redis = process.env.REDIS_URL ? undefined : await startBenchRedis();
  const redisUrl = process.env.REDIS_URL ?? (redis?.url as string);
  const apis: ApiProcess[] = [];
  try {
    apis.push(await startApiProcess(db.url, { redisUrl }));
    const setupClient = new HttpClient(apis[0].baseUrl, 4);
    const fixture = await setUp(setupClient, apis[0].secret);
    setupClient.close();

    const one = await measure(apis, fixture, args);
    let many: Phase | undefined;
    if (args.apis > 1) {
      while (apis.length < args.apis) apis.push(await startApiProcess(db.url, { redisUrl }));
      many = await measure(apis, fixture, args);
    }
    const { apis: _, ...flat } = one;
    console.log(
      JSON.stringify({
        bench: 'commands',
        database: db.embedded ? 'embedded' : 'DATABASE_URL',
        clients: args.clients,
        ...flat,
        ...(many ? { withApis: many, scaling: round(many.commandsPerSec / one.commandsPerSec, 3) } : {}),
      }),
    );
  } finally {
    for (const api of apis) await api.stop();
    await redis?.stop();
    await db.stop();
  }
}

/** The command mix for `seconds`, then the read baseline for `baselineSeconds`, the clients spread over `apis`. */
async function measure(apis: ApiProcess[], fixture: Fixture, args: { clients: number; seconds: number; baselineSeconds: number; warmupSeconds: number }): Promise<Phase> {
  const load = loadAverage();
  const perApi = Math.ceil(args.clients / apis.length);
  const clients = apis.map((api) => new HttpClient(api.baseUrl, perApi + 2));
  const httpOf = (client: number) => clients[client % clients.length];
  try {
    // Warm-up (not measured): a process just started has cold JIT, caches and connections.
    if (args.warmupSeconds > 0) await runMix(httpOf, fixture, args.clients, args.warmupSeconds);
    const apiCpu = () => apis.reduce((sum, api) => sum + cpuMs(api.pid), 0);
    const cpuBefore = apiCpu();
    const { commands, seconds, latencies, failures } = await runMix(httpOf, fixture, args.clients, args.seconds);
    const cpu = apiCpu() - cpuBefore;
    const baseline = await readBaseline(httpOf, fixture.secretary, args.clients, args.baselineSeconds);
    const errors = [...failures.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`[bench] ${apis.length} API process(es): ${round(commands / seconds, 0)} commands/s, baseline ${round(baseline, 0)} reads/s\n`);
    return {
      apis: apis.length,
      loadAverage: load,
      seconds: round(seconds, 1),
      commands,
      commandsPerSec: round(commands / seconds, 0),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      errors,
      errorCodes: Object.fromEntries(failures),
      baselineReadsPerSec: round(baseline, 0),
      ratioToBaseline: round(commands / seconds / baseline, 3),
      apiCpuMsPerCommand: round(cpu / Math.max(1, commands), 3),
      apiCoresBusy: round(cpu / 1000 / seconds, 2),
    };
  } finally {
    clients.forEach((c) => c.close());
  }
}

async function runMix(httpOf: (client: number) => HttpClient, fixture: Fixture, clientCount: number, durationSeconds: number) {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let commands = 0;
  const callFor =
    (http: HttpClient) =>
    async (path: string, body: unknown, token: string): Promise<Reply> => {
      const t0 = process.hrtime.bigint();
      const reply = await http.request('POST', path, body, token);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      commands++;
      if (reply.status >= 300) {
        const code = `${reply.status} ${(reply.body as { code?: string } | undefined)?.code ?? ''}`;
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
      return reply;
    };
  const started = Date.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: clientCount }, async (_, client) => {
      const call = callFor(httpOf(client));
      for (let n = 0; Date.now() < deadline; n++) await walkInitiative(call, fixture, client, n);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { commands, seconds, latencies, failures };
}

async function readBaseline(httpOf: (client: number) => HttpClient, token: string, clients: number, seconds: number): Promise<number> {
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const http = httpOf(client);
      while (Date.now() < deadline) {
        await http.request('GET', '/workflows/initiative-recognition/versions/1', undefined, token);
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
