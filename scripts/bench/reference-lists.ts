/**
 * bench:reference-lists — the reference lists (GET /units, /users, /councils, /movements,
 * /workflows) on a short log and on a long one: they are read models, so they should answer in the
 * same time whatever the length of the log (issue 13's acceptance: 10,000 and 2,000,000 events).
 *
 * 1. Two databases kept across runs (`laurel_bench_ref_<initiatives>` on DATABASE_URL's server, else
 *    on the embedded PostgreSQL of bench:lists), each seeded with the synthetic history (the same
 *    reference data: one city's units, users, councils, definitions and movements; only the number
 *    of initiatives differs: about 2,500 events of reference data and 23 per initiative, so the
 *    defaults give about 10,000 and 2,000,000 events) and its reference read model caught up (the
 *    one these routes read; the other read models are not run).
 * 2. One API process per database, both up at once; `--rounds` rounds, each timing `--requests` /
 *    `--rounds` requests per route (`--concurrency` at once) on the short log, then on the long one,
 *    so that the machine's load drifts over both alike.
 * 3. Baselines in the same run, per log: each list's reader SQL straight on a pool (no HTTP, no
 *    Nest), `GET /api/v1/me` (the HTTP floor) and `SELECT 1`.
 *
 * Prints one JSON line per log (events, initiatives, per route p50/p99 and items), then one line
 * with both side by side and the ratios long/short. `--drop yes` drops both databases at the end.
 *
 *   npm run bench:reference-lists -- --small 325 --large 87200 --requests 300
 */
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { referencePage, referenceProjection, referenceStates } from '@laurel/read-models';
import { startApiProcess, startBenchRedis, type ApiProcess } from './api-process';
import { HttpClient } from './http-client';
import { catchUpReadModels, seedLog, seededLogServer } from './seeded-log';
import { loadAverage, parseArgs, percentile, round, runConcurrently } from './stats';

const LISTS = ['units', 'users', 'councils', 'movements', 'workflows'] as const;

interface Log {
  initiatives: number;
  events: number;
  pool: Pool;
  api: ApiProcess;
  http: HttpClient;
  auditor: string;
  officer: string;
  items: Record<string, number>;
  /** Latencies (ms) per route, HTTP and SQL, over every round. */
  httpMs: Record<string, number[]>;
  sqlMs: Record<string, number[]>;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { small: 325, large: 87_200, requests: 300, concurrency: 2, rounds: 3, drop: 'no' }, { drop: ['yes', 'no'] });
  const server = await seededLogServer();
  const redis = process.env.REDIS_URL ? undefined : await startBenchRedis();
  const logs: Log[] = [];
  const names = [args.small, args.large].map((n) => `laurel_bench_ref_${n}`);
  try {
    for (const [i, initiatives] of [args.small, args.large].entries()) logs.push(await prepare(await server.database(names[i]), initiatives, redis?.url));

    const sqlOf: Record<(typeof LISTS)[number], (pool: Pool) => Promise<unknown>> = {
      units: (pool) => referencePage(pool, 'unit', { contains: { status: 'registered' } }, { limit: 50 }),
      users: (pool) => referencePage(pool, 'user', { contains: { status: 'registered' } }, { limit: 50 }),
      councils: (pool) => referencePage(pool, 'council', { contains: { status: 'active' } }, { limit: 50 }),
      movements: (pool) => referencePage(pool, 'movement', { contains: {}, statusNot: 'none' }, { limit: 50 }),
      workflows: (pool) => referenceStates(pool, 'workflow'),
    };
    const perRound = Math.max(1, Math.round(args.requests / args.rounds));
    const time = async (into: number[], work: () => Promise<unknown>) => {
      const { latencies } = await runConcurrently(perRound, args.concurrency, async () => {
        await work();
      });
      into.push(...latencies);
    };
    for (let r = 0; r < args.rounds; r++) {
      for (const log of logs) {
        for (const list of LISTS) {
          await time((log.httpMs[list] ??= []), () => get(log.http, `/${list}?limit=50`, log.auditor));
          await time((log.sqlMs[list] ??= []), () => sqlOf[list](log.pool));
        }
        await time((log.httpMs['GET /api/v1/me'] ??= []), () => get(log.http, '/me', log.officer));
        await time((log.sqlMs['SELECT 1'] ??= []), () => log.pool.query('SELECT 1'));
      }
      process.stderr.write(`[bench] round ${r + 1} of ${args.rounds}\n`);
    }

    const figures = (log: Log) => {
      const routes: Record<string, { p50Ms: number; p99Ms: number; items?: number; baselineP50Ms: number; baselineP99Ms: number }> = {};
      for (const list of LISTS) {
        const h = [...log.httpMs[list]].sort((a, b) => a - b);
        const s = [...log.sqlMs[list]].sort((a, b) => a - b);
        routes[list] = { p50Ms: percentile(h, 50), p99Ms: percentile(h, 99), items: log.items[list], baselineP50Ms: percentile(s, 50), baselineP99Ms: percentile(s, 99) };
      }
      const me = [...log.httpMs['GET /api/v1/me']].sort((a, b) => a - b);
      const one = [...log.sqlMs['SELECT 1']].sort((a, b) => a - b);
      const floor = { 'GET /api/v1/me': { p50Ms: percentile(me, 50), p99Ms: percentile(me, 99) }, 'SELECT 1': { p50Ms: percentile(one, 50), p99Ms: percentile(one, 99) } };
      return { routes, floor };
    };
    const all = logs.map((log) => ({ log, ...figures(log) }));
    for (const { log, routes, floor } of all) {
      console.log(JSON.stringify({ bench: 'reference-lists', initiatives: log.initiatives, events: log.events, requestsPerRoute: perRound * args.rounds, concurrency: args.concurrency, loadAverage: loadAverage(), routes, floor }));
    }
    const [short, long] = all;
    const side = (a: { p50Ms: number; p99Ms: number }, b: { p50Ms: number; p99Ms: number }) => ({
      p50Ms: [a.p50Ms, b.p50Ms],
      p99Ms: [a.p99Ms, b.p99Ms],
      p50Ratio: round(b.p50Ms / a.p50Ms, 2),
      p99Ratio: round(b.p99Ms / a.p99Ms, 2),
    });
    console.log(
      JSON.stringify({
        bench: 'reference-lists',
        events: [short.log.events, long.log.events],
        initiatives: [short.log.initiatives, long.log.initiatives],
        routes: Object.fromEntries(LISTS.map((list) => [list, { ...side(short.routes[list], long.routes[list]), sql: side({ p50Ms: short.routes[list].baselineP50Ms, p99Ms: short.routes[list].baselineP99Ms }, { p50Ms: long.routes[list].baselineP50Ms, p99Ms: long.routes[list].baselineP99Ms }) }])),
        floor: { 'GET /api/v1/me': side(short.floor['GET /api/v1/me'], long.floor['GET /api/v1/me']), 'SELECT 1': side(short.floor['SELECT 1'], long.floor['SELECT 1']) },
      }),
    );
  } finally {
    for (const log of logs) {
      log.http.close();
      await log.api.stop();
      await log.pool.end();
    }
    await redis?.stop();
    if (args.drop === 'yes') for (const name of names) await server.drop(name);
    await server.stop();
  }
}

/** Seeds (or tops up) one log, catches its read models up, starts its API and checks every list answers. */
async function prepare(url: string, initiatives: number, redisUrl: string | undefined): Promise<Log> {
  const pool = new Pool({ connectionString: url, max: 16 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: 2, maxAppendBatch: 200 });
  try {
    const seeded = await seedLog(store, initiatives);
    // Only the read model these routes read: the others (the initiatives' above all) take long to
    // fold two million events on a shared 2-core machine, and no list here waits for them.
    await catchUpReadModels(pool, store, seeded.total, [referenceProjection]);
    // What autovacuum does after a bulk load: statistics for the planner.
    await pool.query('VACUUM (ANALYZE)');
    const events = await store.countAll();
    // Readiness (database and Redis): /health also reports the read models this run leaves behind.
    const api = await startApiProcess(url, { healthPath: '/health/ready', ...(redisUrl ? { redisUrl } : {}) });
    const http = new HttpClient(api.baseUrl, 8);
    const key = createSecretKey(Buffer.from(api.secret));
    const token = (userId: string) => new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(key);
    const log: Log = { initiatives: seeded.total, events, pool, api, http, auditor: await token('auditor'), officer: await token('officer-hanoi'), items: {}, httpMs: {}, sqlMs: {} };
    // Warms each route and checks it answers.
    for (const list of LISTS) log.items[list] = ((await get(http, `/${list}?limit=50`, log.auditor)).items ?? []).length;
    process.stderr.write(`[bench] ${initiatives.toLocaleString('en')} initiatives: ${events.toLocaleString('en')} events, API on ${api.baseUrl}\n`);
    return log;
  } finally {
    await store.close();
  }
}

async function get(http: HttpClient, path: string, token: string): Promise<{ items?: unknown[] }> {
  const reply = await http.request('GET', path, undefined, token);
  if (reply.status >= 300) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply.body as { items?: unknown[] };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
