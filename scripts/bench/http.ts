/**
 * bench:http — the request path, route by route, against the floor of one request on this machine.
 * Measured in one run at the same concurrency (autocannon as a library, 32 connections):
 *   - floor: a bare Node `http` server answering a small JSON body, in its own process;
 *   - me: `GET /api/v1/me`, the trivial authenticated route (global guard, pipes, filter, logger);
 *   - Laurel's read routes: public list, authenticated list with filters, detail, review queue,
 *     statistics;
 *   - the command mix of bench:commands (client-side latencies).
 * The API runs as its own process; its CPU time per request is read from /proc.
 * Prints one JSON line: per route req/s, p50, p99, non-2xx, ratio to the floor, API CPU ms/request.
 *
 *   npm run bench:http -- --connections 32 --seconds 10 --initiatives 64 [--only authenticatedList,commands]
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { findFreePort } from '@laurel/infra';
import { publishInitiatives, setUp, walkInitiative, type Fixture } from './command-mix';
import { benchDatabase } from './database';
import { startApiProcess, startBenchRedis } from './api-process';
import { HttpClient } from './http-client';
import { cpuMark, cpuPerUnit, parseArgs, percentile, round } from './stats';

const FLOOR_BODY = JSON.stringify({ items: [{ initiativeId: 'demo-initiative-1', title: 'Mô hình dân vận khéo' }], nextCursor: null });

interface RouteFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Bytes of one answer on the wire, headers included. */
  bytesPerResponse?: number;
  ratioToFloor?: number;
  apiCpuMsPerRequest?: number;
  /** Where the rest of the machine's time went, per request: PostgreSQL's processes, this process (the load generator), all cores together. */
  postgresCpuMsPerRequest?: number;
  loadGeneratorCpuMsPerRequest?: number;
  machineCpuMsPerRequest?: number;
  /** Transactions PostgreSQL committed per request (pg_stat_database): how often a request reached the database. */
  databaseTransactionsPerRequest?: number;
}

/** The database's committed transactions so far, as its statistics show them (flushed within a second). */
async function transactions(stats: Client): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const { rows } = await stats.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0].n);
}

/** Runs `work`; the CPU it cost per request, by whom, and the database's transactions per request. */
async function measured<T extends { reqPerSec: number }>(apiPid: number, stats: Client, seconds: number, work: () => Promise<T>): Promise<T & RouteFigures> {
  const committed = await transactions(stats);
  const before = cpuMark([apiPid]);
  const figures = await work();
  const requests = figures.reqPerSec * seconds;
  const cpu = cpuPerUnit(before, cpuMark([apiPid]), requests);
  // The statistics reads are two of the transactions.
  const perRequest = ((await transactions(stats)) - committed - 2) / Math.max(1, requests);
  return {
    ...(figures as T & RouteFigures),
    apiCpuMsPerRequest: cpu.api,
    postgresCpuMsPerRequest: cpu.postgres,
    loadGeneratorCpuMsPerRequest: cpu.loadGenerator,
    machineCpuMsPerRequest: cpu.machine,
    databaseTransactionsPerRequest: round(perRequest, 3),
  };
}

async function load(url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<RouteFigures> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    reqPerSec: round(result.requests.average, 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerResponse: round(result.throughput.total / Math.max(1, result.requests.total), 0),
  };
}

async function startFloor(): Promise<{ url: string; stop(): void }> {
  const port = await findFreePort();
  const script = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end(${JSON.stringify(FLOOR_BODY)}); }).listen(${port}, '127.0.0.1', () => console.log('ready'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGKILL') };
}

/**
 * Walks `count` initiatives so every read route has a page to read: three in four to the close of
 * their review (half of those then published, for the public list), one in four left in review
 * (in every member's queue).
 */
async function seed(http: HttpClient, fixture: Fixture, count: number): Promise<string[]> {
  const ids: string[] = [];
  const closed: string[] = [];
  const call = (path: string, body: unknown, token: string) => http.request('POST', path, body, token);
  await Promise.all(
    Array.from({ length: 8 }, async (_, client) => {
      for (let n = client; n < count; n += 8) {
        const inReview = n % 4 === 3;
        const id = await walkInitiative(call, fixture, client, n, inReview ? 'review-opened' : 'review-closed');
        if (!id) throw new Error(`seed: initiative ${n} was not registered`);
        ids.push(id);
        if (!inReview) closed.push(id);
      }
    }),
  );
  await publishInitiatives(call, fixture, closed.filter((_, i) => i % 2 === 0));
  return ids;
}

async function commandMix(http: HttpClient, fixture: Fixture, clients: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 1_000_000 + client; Date.now() < deadline; n += clients) {
        await walkInitiative(
          async (path, body, token) => {
            const t0 = process.hrtime.bigint();
            const reply = await http.request('POST', path, body, token);
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (reply.status >= 300) failures++;
            return reply;
          },
          fixture,
          client,
          n,
        );
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { reqPerSec: round(latencies.length / elapsed, 0), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), non2xx: failures, errors: 0 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { connections: 32, seconds: 10, initiatives: 64, only: '' });
  // --only a,b: just these routes (names as in the JSON, `commands` for the mix), e.g. to profile one.
  const only = new Set(args.only.split(',').filter(Boolean));
  const wanted = (name: string) => only.size === 0 || only.has(name);
  const db = await benchDatabase();
  // At info, as in production: one log line per request (to /dev/null here).
  // One Redis for both processes (REDIS_URL, or a private redis-server for the run).
  const redis = process.env.REDIS_URL ? undefined : await startBenchRedis();
  const redisUrl = process.env.REDIS_URL ?? redis?.url;
  const api = await startApiProcess(db.url, { env: { LOG_LEVEL: 'info' }, redisUrl });
  // The read routes read read models: a projector keeps them up to date, as in production.
  const projector = await startApiProcess(db.url, { app: 'projector', redisUrl });
  const floor = await startFloor();
  const http = new HttpClient(api.baseUrl, args.connections + 4);
  const stats = new Client({ connectionString: db.url });
  await stats.connect();
  try {
    const fixture = await setUp(http, api.secret);
    const ids = await seed(http, fixture, args.initiatives);
    const member = fixture.members[1];
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const base = `${api.baseUrl}/api/v1`;
    const routes: Record<string, { url: string; headers?: Record<string, string> }> = {
      me: { url: `${base}/me`, headers: auth(fixture.secretary) },
      // bench:commands' read baseline.
      workflow: { url: `${base}/workflows/initiative-recognition/versions/1`, headers: auth(fixture.secretary) },
      publicList: { url: `${base}/public/initiatives?limit=20` },
      authenticatedList: { url: `${base}/initiatives?movementId=${fixture.movementId}&field=culture_society&limit=20`, headers: auth(fixture.secretary) },
      detail: { url: `${base}/initiatives/${ids[0]}`, headers: auth(fixture.secretary) },
      reviewQueue: { url: `${base}/me/reviews`, headers: auth(member) },
      statistics: { url: `${base}/stats/initiatives?movementId=${fixture.movementId}&groupBy=level,field`, headers: auth(fixture.secretary) },
    };

    // Every route must answer 2xx before it is measured: a benchmark of error pages measures nothing.
    for (const [name, route] of Object.entries(routes)) {
      const reply = await fetch(route.url, { headers: route.headers });
      if (!reply.ok) throw new Error(`${name}: ${route.url} answered ${reply.status} ${await reply.text()}`);
    }

    // Nor of empty pages: the lists measured must have caught up with the seed (the projector).
    for (const name of ['publicList', 'authenticatedList', 'reviewQueue']) {
      const route = routes[name];
      for (let tries = 0; ; tries++) {
        const page = (await (await fetch(route.url, { headers: route.headers })).json()) as { items?: unknown[] };
        if ((page.items?.length ?? 0) > 0) break;
        if (tries === 300) throw new Error(`${name}: ${route.url} is still empty after the seed`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const figures: Record<string, RouteFigures> = {};
    figures.floor = await load(floor.url, args.connections, args.seconds);
    for (const [name, route] of Object.entries(routes)) {
      if (!wanted(name)) continue;
      await load(route.url, args.connections, 1, route.headers); // warm-up
      figures[name] = await measured(api.pid, stats, args.seconds, () => load(route.url, args.connections, args.seconds, route.headers));
    }
    if (wanted('commands')) {
      figures.commands = await measured(api.pid, stats, args.seconds, () => commandMix(http, fixture, args.connections, args.seconds));
    }
    for (const [name, f] of Object.entries(figures)) if (name !== 'floor') f.ratioToFloor = round(f.reqPerSec / figures.floor.reqPerSec, 3);

    console.log(
      JSON.stringify({
        bench: 'http',
        database: db.embedded ? 'embedded' : 'DATABASE_URL',
        connections: args.connections,
        seconds: args.seconds,
        initiatives: ids.length,
        ...figures,
      }),
    );
  } finally {
    await stats.end();
    http.close();
    floor.stop();
    await projector.stop();
    await api.stop();
    await redis?.stop();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
