/**
 * bench:lists — every list the console reads, at 100,000 initiatives, against the 200 ms target.
 *
 * 1. Seeds (once: the database is kept and reused, an interrupted seed is topped up) a synthetic
 *    history of `--initiatives` initiatives written through the domain's deciders, with Vietnamese
 *    titles and summaries, and brings the read models up to date through the projections.
 * 2. Starts the API as its own process (as in production) and measures p50/p99 of `--requests`
 *    requests per route through the real HTTP stack (`--concurrency` at once): the authenticated
 *    initiatives list (no filter, status filter, text search with and without diacritics, every sort,
 *    a second page), the public gallery (with search) and consultations, /me/reviews,
 *    /me/notifications, the audit log with its filters, the statistics routes and the reference lists.
 * 3. Baselines measured in the same run: the same SQL of the initiative lists and of the audit log's
 *    pages run directly on the pool (no HTTP, no Nest; the audit log without its wait for the log's
 *    head), `SELECT 1` (a database round trip) and `GET /api/v1/me` (the HTTP floor).
 *
 * Prints one JSON line: per route p50/p99 (ms), the items of the first page, the baseline, and the
 * routes over the target.
 *
 *   npm run bench:lists -- --initiatives 100000 --requests 200 --concurrency 2
 *
 * DATABASE_URL: a database of its own (it is seeded, not dropped); else an embedded PostgreSQL in
 * .data/bench-lists-pg on port BENCH_LISTS_PG_PORT (default 54418), database laurel_bench_lists.
 */
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { AUDIT_TIMES_VIEWS, auditLogFromLog, countInitiatives, INITIATIVE_SORTS, initiativeFunnel, listInitiatives, publishedInitiatives, referencePage, replicationStatistics, type InitiativeFilter, type InitiativeSort } from '@laurel/read-models';
import { startApiProcess } from './api-process';
import { catchUpReadModels, seedLog, seededLogDatabase } from './seeded-log';
import { HttpClient } from './http-client';
import { parseArgs, percentile, runConcurrently } from './stats';

const TARGET_MS = 200;

interface Figures {
  p50Ms: number;
  p99Ms: number;
  items?: number;
  non2xx?: number;
  baselineP50Ms?: number;
  baselineP99Ms?: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { initiatives: 100_000, requests: 200, concurrency: 2 });
  const db = await seededLogDatabase('laurel_bench_lists');
  const pool = new Pool({ connectionString: db.url, max: 16 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: 2, maxAppendBatch: 200 });
  try {
    const seeded = await seedLog(store, args.initiatives);
    await catchUpReadModels(pool, store, seeded.total);
    // What autovacuum does after a bulk load: statistics for the planner, GIN pending lists merged.
    await pool.query('VACUUM (ANALYZE)');
    const api = await startApiProcess(db.url);
    try {
      // The API's first start writes its bootstrap events (the administrator): fold them too, or the
      // audit log (which waits for the log's head) answers 503 on a fresh database.
      await catchUpReadModels(pool, store, seeded.total);
      const figures = await measure(pool, api.baseUrl, api.secret, args);
      const over = Object.entries(figures.routes).filter(([, f]) => f.p99Ms >= TARGET_MS).map(([name]) => name);
      console.log(JSON.stringify({ initiatives: seeded.total, seededNow: seeded.added, requestsPerRoute: args.requests, concurrency: args.concurrency, targetMs: TARGET_MS, ...figures, over }));
    } finally {
      await api.stop();
    }
  } finally {
    await store.close();
    await pool.end();
    await db.stop();
  }
}

async function measure(pool: Pool, baseUrl: string, secret: string, args: Record<string, number>) {
  const http = new HttpClient(baseUrl, args.concurrency);
  const key = createSecretKey(Buffer.from(secret));
  const token = (userId: string) => new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(key);
  const auditor = await token('auditor');
  const member = await token('m-province-1');
  const secretary = await token('secretary-hanoi');
  const officer = await token('officer-hanoi');

  const get = async (path: string, as?: string) => {
    const reply = await http.request('GET', path, undefined, as);
    if (reply.status >= 300) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    return reply.body as { items?: unknown[]; nextCursor?: string | null };
  };
  const timeRoute = async (path: string, as?: string): Promise<Figures> => {
    const first = await get(path, as); // warms the route and checks it answers
    const { latencies } = await runConcurrently(args.requests, args.concurrency, async () => {
      await get(path, as);
    });
    return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), ...(Array.isArray(first.items) ? { items: first.items.length } : {}) };
  };
  const timeSql = async (read: () => Promise<unknown>) => {
    await read();
    const { latencies } = await runConcurrently(args.requests, args.concurrency, async () => {
      await read();
    });
    return { baselineP50Ms: percentile(latencies, 50), baselineP99Ms: percentile(latencies, 99) };
  };
  const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

  const routes: Record<string, Figures> = {};
  const lists: [string, InitiativeFilter, InitiativeSort | undefined][] = [
    ['initiatives', {}, undefined],
    ['initiatives?status=nominated', { status: 'nominated' }, undefined],
    ['initiatives?status=replicating', { status: 'replicating' }, undefined],
    ['initiatives?field=economy&level=grassroots', { field: 'economy', level: 'grassroots' }, undefined],
    ['initiatives?q=nước sạch', { q: 'nước sạch' }, undefined],
    ['initiatives?q=nuoc sach', { q: 'nuoc sach' }, undefined],
    ['initiatives?q=NUOC SACH', { q: 'NUOC SACH' }, undefined],
    ['initiatives?q=duong lang', { q: 'duong lang' }, undefined],
    ['initiatives?q=xoa mu chu thu vien', { q: 'xoa mu chu thu vien' }, undefined],
    ['initiatives?q=no-such-word', { q: 'khongcotu' }, undefined],
    ...INITIATIVE_SORTS.map((sort): [string, InitiativeFilter, InitiativeSort] => [`initiatives?sort=${sort}`, {}, sort]),
    ['initiatives?status=nominated&sort=-updatedAt', { status: 'nominated' }, '-updatedAt'],
    ['initiatives?q=nuoc sach&sort=title', { q: 'nuoc sach' }, 'title'],
  ];
  for (const [name, filter, sort] of lists) {
    const params: Record<string, string> = { limit: '50' };
    for (const [k, v] of Object.entries(filter)) params[k] = String(v);
    if (sort) params.sort = sort;
    routes[name] = { ...(await timeRoute(`/initiatives${q(params)}`, officer)), ...(await timeSql(() => listInitiatives(pool, filter, { limit: 50 }, undefined, sort))) };
  }
  // Second pages: the keyset continues where the first page ended.
  for (const sort of ['-registeredAt', 'title', '-updatedAt'] as const) {
    const first = await get(`/initiatives${q({ limit: '50', sort })}`, officer);
    routes[`initiatives?sort=${sort}&cursor=(page 2)`] = await timeRoute(`/initiatives${q({ limit: '50', sort, cursor: first.nextCursor ?? '' })}`, officer);
  }
  // The diacritic-free query finds what the Vietnamese one finds.
  const withMarks = await listInitiatives(pool, { q: 'nước sạch' }, { limit: 500 });
  const without = await listInitiatives(pool, { q: 'nuoc sach' }, { limit: 500 });
  const sameResults = withMarks.items.length > 0 && JSON.stringify(withMarks.items.map((i) => i.initiativeId)) === JSON.stringify(without.items.map((i) => i.initiativeId));

  for (const [name, filter] of [['public/initiatives', {}], ['public/initiatives?q=nuoc sach', { q: 'nuoc sach' }], ['public/initiatives?q=tai che', { q: 'tai che' }]] as const) {
    const params: Record<string, string> = { limit: '50', ...filter };
    routes[name] = { ...(await timeRoute(`/public/initiatives${q(params)}`)), ...(await timeSql(() => publishedInitiatives(pool, filter, { limit: 50 }))) };
  }
  routes['public/consultations'] = await timeRoute('/public/consultations?limit=50');
  routes['me/reviews (member)'] = await timeRoute('/me/reviews?limit=50', member);
  routes['me/reviews (secretary)'] = await timeRoute('/me/reviews?limit=50', secretary);
  routes['me/notifications'] = await timeRoute('/me/notifications?limit=50', member);

  // From the read models (caught up): an initiative's stream, and a five-minute window about 100,000
  // events before the end of the log (audit_times marks every 1,000 events at least).
  const someStream = `initiative-${(await pool.query<{ id: string }>('SELECT initiative_id AS id FROM rm_initiatives_initiatives ORDER BY registered_position DESC LIMIT 1 OFFSET 500')).rows[0]?.id ?? 'x'}`;
  const window = (await pool.query<{ t: Date }>(`SELECT recorded_max AS t FROM ${AUDIT_TIMES_VIEWS.marks} ORDER BY position DESC LIMIT 1 OFFSET 100`)).rows[0]?.t ?? new Date();
  const from = window.toISOString();
  const to = new Date(window.getTime() + 300_000).toISOString();
  for (const [name, params] of [
    ['audit/events', {}],
    ['audit/events?type=InitiativeRegistered', { type: 'InitiativeRegistered' }],
    ['audit/events?type=AwardRevoked (rare)', { type: 'AwardRevoked' }],
    ['audit/events?actorId=officer-hanoi', { actorId: 'officer-hanoi' }],
    ['audit/events?actorId=officer-hanoi-d30-g20 (rare)', { actorId: 'officer-hanoi-d30-g20' }],
    ['audit/events?stream=…', { stream: someStream }],
    ['audit/events?from&to (5 min near the end)', { from, to }],
  ] as const) {
    // Baseline: the same page read straight from the log on the pool (no HTTP, no wait for the head).
    routes[name] = { ...(await timeRoute(`/audit/events${q({ limit: '50', ...params })}`, auditor)), ...(await timeSql(() => auditLogFromLog(pool, params, { limit: 50 }))) };
  }
  // The same reads without HTTP: the readers' SQL on the pool.
  routes['stats/initiatives'] = { ...(await timeRoute('/stats/initiatives', officer)), ...(await timeSql(() => countInitiatives(pool, {}, []))) };
  routes['stats/initiatives?groupBy=level,field,year'] = { ...(await timeRoute('/stats/initiatives?groupBy=level,field,year', officer)), ...(await timeSql(() => countInitiatives(pool, {}, ['level', 'field', 'year']))) };
  routes['stats/funnel'] = { ...(await timeRoute('/stats/funnel', officer)), ...(await timeSql(() => initiativeFunnel(pool, {}))) };
  routes['stats/replication'] = { ...(await timeRoute('/stats/replication', officer)), ...(await timeSql(() => replicationStatistics(pool, {}, { limit: 50 }))) };
  for (const list of ['units', 'users', 'councils', 'movements', 'workflows']) routes[list] = await timeRoute(`/${list}?limit=50`, auditor);
  routes.users = { ...routes.users, ...(await timeSql(() => referencePage(pool, 'user', { contains: { status: 'registered' } }, { limit: 50 }))) };

  const floor = {
    'GET /api/v1/me': await timeRoute('/me', officer),
    'SELECT 1': await timeSql(() => pool.query('SELECT 1')),
  };
  return { sameResultsWithAndWithoutDiacritics: sameResults, routes, floor };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
