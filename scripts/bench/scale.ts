/**
 * bench:scale — the engine at the size of a province or a nation (issue #15).
 *
 * 1. Seeds, through the domain's deciders, `--initiatives` initiatives (default 1,000,000: about
 *    20 million events) written in bulk (scripts/seed/bulk.ts), with a progress bar. Resumable: an
 *    interrupted run continues where it stopped; a larger --initiatives tops the log up.
 * 2. Rebuilds every read model from the log (events/s, seconds).
 * 3. p50/p99 over HTTP (the API as its own process) of the initiative lists (filters, text search),
 *    the detail, /me/reviews, the statistics, the funnel and the audit log (by actor, by time window).
 * 4. Appends/s at `--writers` writers at that size beside plain single-row INSERTs in the same run, and
 *    the same pair on an empty store (a fresh database on the same server) for the ratio of ratios.
 * 5. The append → read-model lag at `--rate` commands/s for `--seconds` with the projections running.
 *
 * Prints one JSON line. DATABASE_URL: a database of its own (seeded and kept, not dropped; the empty
 * store for step 4 is `<name>_empty`, dropped after); else an embedded PostgreSQL in .data/bench-scale-pg
 * (port BENCH_SCALE_PG_PORT, default 54419). A manual benchmark, not part of `npm test`.
 *
 *   npm run bench:scale -- --initiatives 100000
 */
import * as path from 'node:path';
import { createSecretKey, randomUUID } from 'node:crypto';
import { newId } from '@laurel/application';
import { SignJWT } from 'jose';
import { Client, Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@laurel/event-store';
import { ensureDatabase, startEmbeddedPostgres } from '@laurel/infra';
import { decideInitiative, initialInitiativeState, SHIPPED_DEFINITIONS, type Actor, type MovementState, type WorkflowDefinition } from '@laurel/domain';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { rebuildAll } from '../projections/rebuild';
import { ProgressBar } from '../projections/progress-bar';
import { bulkSeed } from '../seed/bulk';
import { envelope } from '../seed/synthetic-history';
import { FIELDS } from '../seed/world';
import { startApiProcess } from './api-process';
import { HttpClient } from './http-client';
import { parseArgs, percentile, round, runConcurrently } from './stats';

const DATABASE = 'laurel_bench_scale';
const EVENTS_PER_STREAM = 10;

async function main(): Promise<void> {
  // --appends-only: seed (or top up), then only the log's size and the appends (no rebuild, queries or lag).
  const appendsOnly = process.argv.includes('--appends-only');
  const args = parseArgs(process.argv.slice(2).filter((a) => a !== '--appends-only'), { initiatives: 1_000_000, seed: 20250301, chunk: 1000, writers: 16, appends: 20_000, rate: 500, seconds: 30, requests: 200, concurrency: 2 });
  const db = await scaleDatabase();
  const pool = new Pool({ connectionString: db.url, max: args.writers + 8 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: 2, maxAppendBatch: 200 });
  try {
    const bar = new ProgressBar('seed', 'initiatives');
    const seedStart = Date.now();
    const seeded = await bulkSeed(pool, store, { initiatives: args.initiatives, seed: args.seed, chunk: args.chunk, onProgress: (done, total, _events, from) => bar.update(done - from, total - from, (Date.now() - seedStart) / 1000) });
    bar.done();
    const size = await logSize(pool);
    const sizes = {
      logEvents: size.events,
      bytesPerMillionEvents: { total: Math.round((size.total / size.events) * 1e6), table: Math.round((size.table / size.events) * 1e6), indexes: Math.round((size.indexes / size.events) * 1e6) },
      logBytes: size.total,
      indexBytes: size.perIndex,
    };
    const seededNow = { events: seeded.events, seconds: round(seeded.seconds, 1), eventsPerSec: Math.round(seeded.events / Math.max(seeded.seconds, 0.001)) };
    if (appendsOnly) {
      const emptyStore = await onEmptyStore(db.url, (p, s) => appendFigures(p, s, args.writers, args.appends));
      const atSize = await appendFigures(pool, store, args.writers, args.appends);
      console.log(JSON.stringify({ bench: 'scale', initiatives: seeded.initiatives, seededNow, ...sizes, appends: { ...atSize, emptyStore, ratioOfRatios: round(atSize.ratioToBaseline / emptyStore.ratioToBaseline, 3) } }));
      return;
    }

    const rebuildStart = Date.now();
    const rebuilt = await rebuildAll(db.url, 'all');
    const rebuildSeconds = (Date.now() - rebuildStart) / 1000;
    // What autovacuum does after a bulk load: planner statistics, visibility map, GIN pending lists merged.
    await pool.query('VACUUM (ANALYZE)');

    // The projector runs beside the API, as in production: reads that wait for the log's head (the
    // audit log) need the read models' checkpoints to follow it.
    const queries = await withProjections(pool, store, async () => {
      const api = await startApiProcess(db.url);
      try {
        return await measureQueries(pool, api.baseUrl, api.secret, args);
      } finally {
        await api.stop();
      }
    });

    const emptyAppends = await onEmptyStore(db.url, (p, s) => appendFigures(p, s, args.writers, args.appends));
    const appends = await appendFigures(pool, store, args.writers, args.appends);

    const lag = await measureLag(pool, store, args.rate, args.seconds);
    // The live version of each read model (a rebuild leaves the previous one until it is dropped).
    const readModelBytes = Object.fromEntries((await pool.query<{ projection: string; b: string }>(
      `SELECT a.projection, sum(pg_total_relation_size(c.oid)) AS b FROM projection_active a
         JOIN pg_class c ON c.relkind = 'r' AND starts_with(c.relname, 'rm_' || a.projection || '_v' || a.version || '_')
        GROUP BY a.projection ORDER BY 1`)).rows.map((r) => [r.projection, Number(r.b)]));

    console.log(JSON.stringify({
      bench: 'scale',
      initiatives: seeded.initiatives,
      seededNow,
      ...sizes,
      readModelBytes,
      rebuild: { seconds: round(rebuildSeconds, 1), eventsPerSec: Math.round(size.events / rebuildSeconds), perModel: rebuilt.map((r) => ({ projection: r.projection, events: r.events, seconds: round(r.seconds, 1), eventsPerSec: Math.round(r.events / Math.max(r.seconds, 0.001)) })) },
      queries,
      appends: { ...appends, emptyStore: emptyAppends, ratioOfRatios: round(appends.ratioToBaseline / emptyAppends.ratioToBaseline, 3) },
      lag,
    }));
  } finally {
    await store.close();
    await pool.end();
    await db.stop();
  }
}

/** A database kept across runs, so that a large history is seeded once (and a stopped seed resumes). */
async function scaleDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({
    database: 'laurel',
    dataDir: path.resolve('.data/bench-scale-pg'),
    port: Number(process.env.BENCH_SCALE_PG_PORT ?? 54419),
    log: { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) },
  });
  await ensureDatabase(pg.adminUrl, DATABASE);
  const url = new URL(pg.url);
  url.pathname = `/${DATABASE}`;
  return { url: url.toString(), stop: () => pg.stop() };
}

async function logSize(pool: Pool) {
  const { rows } = await pool.query<{ events: string; total: string; table: string; indexes: string }>(
    `SELECT (SELECT count(*) FROM es_events) AS events, pg_total_relation_size('es_events') AS total,
            pg_table_size('es_events') AS table, pg_indexes_size('es_events') AS indexes`,
  );
  const perIndex = await pool.query<{ name: string; bytes: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes FROM pg_index WHERE indrelid = 'es_events'::regclass ORDER BY 2 DESC`,
  );
  return {
    events: Number(rows[0].events),
    total: Number(rows[0].total),
    table: Number(rows[0].table),
    indexes: Number(rows[0].indexes),
    perIndex: Object.fromEntries(perIndex.rows.map((r) => [r.name, Number(r.bytes)])),
  };
}

/** `work` against a fresh database `<name>_empty` on the same server, dropped afterwards. */
async function onEmptyStore<T>(url: string, work: (pool: Pool, store: PostgresEventStore) => Promise<T>): Promise<T> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1)}_empty`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const drop = async () => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  await drop();
  await ensureDatabase(admin.toString(), name);
  target.pathname = `/${name}`;
  const pool = new Pool({ connectionString: target.toString(), max: 24 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool });
  try {
    return await work(pool, store);
  } finally {
    await store.close();
    await pool.end();
    await drop();
  }
}

/**
 * Appends/s at `writers` writers (each a whole stream of ten events at a time, as command handlers on
 * different initiatives) against plain single-row INSERTs into a table with a primary key, same
 * database, same concurrency: the baseline before and after, averaged (as bench:append does).
 */
async function appendFigures(pool: Pool, store: PostgresEventStore, writers: number, events: number) {
  await pool.query(`DROP TABLE IF EXISTS bench_scale_plain;
    CREATE TABLE bench_scale_plain (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_name text NOT NULL, stream_version bigint NOT NULL,
      event_id uuid NOT NULL, event_type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
  const run = randomUUID().slice(0, 8);
  const stream = (prefix: string, i: number) => `benchscale-${prefix}-${Math.floor(i / EVENTS_PER_STREAM)}`;
  const baseline = async (i: number) => {
    const e = sampleEvent(i);
    await pool.query({
      name: 'bench-scale-plain-insert',
      text: 'INSERT INTO bench_scale_plain (stream_name, stream_version, event_id, event_type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)',
      values: [stream(run, i), (i % EVENTS_PER_STREAM) + 1, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
    });
  };
  const append = (prefix: string) => async (i: number) => {
    await store.appendToStream(stream(prefix, i), [sampleEvent(i)], { expectedVersion: i % EVENTS_PER_STREAM });
  };
  const timed = async (work: (i: number) => Promise<void>, n: number) => {
    const latencies: number[] = [];
    const { seconds } = await runConcurrently(Math.ceil(n / EVENTS_PER_STREAM), writers, async (s) => {
      for (let k = 0; k < EVENTS_PER_STREAM && s * EVENTS_PER_STREAM + k < n; k++) {
        const t0 = process.hrtime.bigint();
        await work(s * EVENTS_PER_STREAM + k);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    });
    latencies.sort((a, b) => a - b);
    return { perSec: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  await timed(baseline, 1000);
  await timed(append(`warm${run}`), 1000);
  const before = await timed(baseline, events);
  const appended = await timed(append(run), events);
  const after = await timed(baseline, events);
  await pool.query('DROP TABLE bench_scale_plain');
  const baselinePerSec = (before.perSec + after.perSec) / 2;
  return {
    writers,
    events,
    appendsPerSec: Math.round(appended.perSec),
    p50Ms: appended.p50,
    p99Ms: appended.p99,
    baselineInsertsPerSec: Math.round(baselinePerSec),
    baselineRunsPerSec: [Math.round(before.perSec), Math.round(after.perSec)],
    ratioToBaseline: round(appended.perSec / baselinePerSec, 3),
  };
}

function sampleEvent(i: number): NewEvent {
  return {
    eventId: newId(),
    type: i % EVENTS_PER_STREAM === 0 ? 'InitiativeRegistered' : 'ProgressReported',
    data: { initiativeId: `scale-${Math.floor(i / EVENTS_PER_STREAM)}`, title: 'Mô hình "Dân vận khéo" trong xây dựng nông thôn mới', summary: 'Weekly clean-up and a shared fund for the poorest households.', indicators: { households: 120 + (i % 50) } },
    metadata: { actor: { id: 'officer-bench', role: 'unit_officer', unitId: 'hanoi-d1-g1' }, correlationId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
  };
}

/** p50/p99 per route through the real HTTP stack, `requests` each, `concurrency` at once. */
async function measureQueries(pool: Pool, baseUrl: string, secret: string, args: Record<string, number>) {
  const http = new HttpClient(baseUrl, args.concurrency);
  const key = createSecretKey(Buffer.from(secret));
  const token = (userId: string) => new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(key);
  const officer = await token('officer-hanoi');
  const auditor = await token('auditor');
  const member = await token('m-province-1');
  const secretary = await token('secretary-hanoi');
  const get = async (path: string, as: string) => {
    const reply = await http.request('GET', path, undefined, as);
    if (reply.status >= 300) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  };
  const time = async (paths: (i: number) => string, as: string) => {
    await get(paths(0), as);
    const { latencies } = await runConcurrently(args.requests, args.concurrency, (i) => get(paths(i), as));
    return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  };
  const q = (params: Record<string, string>) => `?${new URLSearchParams({ limit: '50', ...params }).toString()}`;
  const ids = (await pool.query<{ initiative_id: string }>('SELECT initiative_id FROM rm_initiatives_initiatives ORDER BY random() LIMIT 1000')).rows.map((r) => r.initiative_id);
  // A five-minute window 100,000 events before the end of the log.
  const window = (await pool.query<{ t: Date }>('SELECT recorded_at AS t FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1 OFFSET 100000')).rows[0]?.t ?? new Date();
  const from = window.toISOString();
  const to = new Date(window.getTime() + 300_000).toISOString();

  const routes: Record<string, { p50Ms: number; p99Ms: number }> = {};
  for (const [name, params] of [
    ['initiatives', {}],
    ['initiatives?status=nominated', { status: 'nominated' }],
    ['initiatives?field=economy&level=grassroots', { field: 'economy', level: 'grassroots' }],
    ['initiatives?q=nuoc sach', { q: 'nuoc sach' }],
    ['initiatives?q=xoa mu chu thu vien', { q: 'xoa mu chu thu vien' }],
    ['initiatives?q=nuoc sach&sort=title', { q: 'nuoc sach', sort: 'title' }],
  ] as const) {
    routes[name] = await time(() => `/initiatives${q(params)}`, officer);
  }
  routes['initiatives/:id'] = await time((i) => `/initiatives/${encodeURIComponent(ids[i % ids.length])}`, officer);
  routes['me/reviews (member)'] = await time(() => '/me/reviews?limit=50', member);
  routes['me/reviews (secretary)'] = await time(() => '/me/reviews?limit=50', secretary);
  routes['stats/initiatives'] = await time(() => '/stats/initiatives', officer);
  routes['stats/initiatives?groupBy=level,field,year'] = await time(() => '/stats/initiatives?groupBy=level,field,year', officer);
  routes['stats/funnel'] = await time(() => '/stats/funnel', officer);
  for (const [name, params] of [
    ['audit/events', {}],
    ['audit/events?actorId=officer-hanoi', { actorId: 'officer-hanoi' }],
    ['audit/events?actorId=officer-hanoi-d30-g20 (rare)', { actorId: 'officer-hanoi-d30-g20' }],
    ['audit/events?from&to (5 min, 100k events before the end)', { from, to }],
    ['audit/events?actorId&from&to', { actorId: 'officer-hanoi-d1-g1', from, to }],
  ] as const) {
    routes[name] = await time(() => `/audit/events${q(params)}`, auditor);
  }
  http.close();
  return routes;
}

/**
 * `rate` registrations a second for `seconds`, every read model projecting (in this process, as
 * bench:projections does); a watcher polls the list read model and takes, for each registration,
 * the time from its append call to its row.
 */
/** Every read model projecting in this process (as bench:projections runs them), caught up before `work`. */
async function withProjections<T>(pool: Pool, store: PostgresEventStore, work: () => Promise<T>): Promise<T> {
  const supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { batchSize: 2000 }));
  await Promise.all(supervisors.map((s) => s.start()));
  try {
    await Promise.all(supervisors.map((s) => s.caughtUp(600_000)));
    return await work();
  } finally {
    await Promise.all(supervisors.map((s) => s.stop()));
  }
}

function measureLag(pool: Pool, store: PostgresEventStore, rate: number, seconds: number) {
  return withProjections(pool, store, async () => {
    const definition = { ...SHIPPED_DEFINITIONS[0], version: 1 } as WorkflowDefinition;
    const movementId = (await pool.query<{ movement_id: string }>(`SELECT movement_id FROM rm_initiatives_initiatives WHERE definition_id = 'initiative-recognition' LIMIT 1`)).rows[0].movement_id;
    const movement = { status: 'launched', movementId, title: 'm', organizerUnitId: 'hanoi', kind: 'regular', fields: Object.keys(FIELDS), startsOn: '2025-01-01', endsOn: '2025-12-31', workflowId: definition.id, summaries: [] } as MovementState;
    const appendedAt = new Map<string, number>();
    const lags: number[] = [];
    let lastSeen = (await pool.query<{ p: string }>('SELECT max(registered_position) AS p FROM rm_initiatives_initiatives')).rows[0].p;
    let loading = true;
    let stoppedAt = Infinity;
    const watcher = (async () => {
      while ((loading || appendedAt.size > 0) && performance.now() < stoppedAt + 30_000) {
        const { rows } = await pool.query<{ initiative_id: string; registered_position: string }>(
          'SELECT initiative_id, registered_position FROM rm_initiatives_initiatives WHERE registered_position > $1 ORDER BY registered_position', [lastSeen]);
        const now = performance.now();
        for (const r of rows) {
          const at = appendedAt.get(r.initiative_id);
          if (at !== undefined) {
            lags.push(now - at);
            appendedAt.delete(r.initiative_id);
          }
          lastSeen = r.registered_position;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const total = rate * seconds;
    const started = performance.now();
    const inFlight: Promise<unknown>[] = [];
    const fields = Object.keys(FIELDS);
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const initiativeId = `lag-${newId()}`;
      const now = new Date().toISOString();
      const actor: Actor = { userId: 'officer-hanoi-d1-g1', roles: ['unit_officer'], unitId: 'hanoi-d1-g1' };
      const events = decideInitiative(
        { type: 'register', data: { initiativeId, movementId, unitId: 'hanoi-d1-g1', title: `Load model ${i}`, summary: 'Steady load', field: fields[i % 4], authors: [{ name: 'Bench' }] } },
        initialInitiativeState(),
        { now, actor, definition, movement },
      );
      appendedAt.set(initiativeId, performance.now());
      inFlight.push(store.appendToStream(`initiative-${initiativeId}`, events.map((e) => envelope(e, actor, now, 'register')), { expectedVersion: 'no_stream' }));
      if (inFlight.length > 200) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    const achieved = total / ((performance.now() - started) / 1000);
    loading = false;
    stoppedAt = performance.now();
    await watcher;
    lags.sort((a, b) => a - b);
    return { commandsPerSec: Math.round(achieved), seen: lags.length, of: total, p50Ms: percentile(lags, 50), p99Ms: percentile(lags, 99), maxMs: round(lags[lags.length - 1] ?? 0) };
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
