/**
 * bench:append — appends/s and latency of the PostgreSQL event store against plain single-row INSERTs
 * through `pg` (one transaction each, same durability, same database, same concurrency), plus read-all
 * throughput over the appended events. Appends run twice in the same run: with the hash chains (as
 * shipped) and without (es_append_batch as before migration 003, no canonical encoding sent), so
 * the cost of tamper evidence is measured against the same baseline.
 *
 * Two plain-INSERT baselines, each measured before and after the appends (the ratios use the mean
 * of the two). `--rounds R` repeats baselines and appends R times, each round's appends compared
 * with the baseline runs on either side, and reports the medians (the machine is shared):
 * - `baseline…`: a table with the event table's columns and only a primary key (the original baseline);
 * - `indexedBaseline…`: a table with the event table's columns, defaults, constraints and every one of
 *   its indexes, read from the catalogue at run time (so it stays what es_events has), holding as
 *   many rows as es_events at the start (copied from it), so that its indexes are as large.
 *
 * `--fill N` first tops the log up to N events with the synthetic history (seed:synthetic: real
 * events through the deciders, with their hash chains), kept in the database for the next run: with
 * DATABASE_URL pointing at a database of its own, the run on a store of millions of events is
 * practical (the embedded database is fresh each run). `eventsInStoreAtStart` says on what store
 * the run was. Prints one JSON line.
 *
 *   npm run bench:append -- --events 20000 --writers 16
 *   DATABASE_URL=postgres://…/laurel_bench5m npm run bench:append -- --fill 5000000 --rounds 3
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { newId } from '@laurel/application';
import { Pool, type PoolClient } from 'pg';
import { backfillHashChains, PostgresEventStore, type NewEvent, type Position } from '@laurel/event-store';
import { eventStoreMigrations } from '@laurel/event-store/postgres/schema';
import { APPEND_BATCH_WITH_HASHES } from '@laurel/event-store/postgres/append-function';
import { ProgressBar } from '../projections/progress-bar';
import { writeSyntheticHistory } from '../seed/synthetic-history';
import { benchDatabase } from './database';
import { loadAverage, parseArgs, percentile, round, runConcurrently } from './stats';

const EVENTS_PER_STREAM = 10;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { events: 20000, writers: 16, warmup: 1000, appendConcurrency: 1, fill: 0, rounds: 1 });
  const db = await benchDatabase();
  const pool = new Pool({ connectionString: db.url, max: args.writers + 2 });
  pool.on('error', () => undefined); // an idle connection closed by the server at shutdown is not a failure
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: args.appendConcurrency });
  const unhashed = await PostgresEventStore.connect({ pool, appendConcurrency: args.appendConcurrency, hashChains: false });
  try {
    const fill = args.fill > 0 ? await fillStore(store, args.fill) : undefined;
    const eventsAtStart = await store.countAll();
    const load = loadAverage();
    await pool.query(`DROP TABLE IF EXISTS bench_plain_inserts;
      CREATE TABLE bench_plain_inserts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_name text NOT NULL, stream_version bigint NOT NULL,
        event_id uuid NOT NULL, event_type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now())`);
    const copyStarted = Date.now();
    const indexed = await createIndexedBaseline(pool);
    const copySeconds = round((Date.now() - copyStarted) / 1000, 0);
    const run = randomUUID().slice(0, 8);

    const baselineInsert = (phase: string) => async (i: number) => {
      const e = sampleEvent(i);
      await pool.query({
        name: 'bench-plain-insert',
        text: 'INSERT INTO bench_plain_inserts (stream_name, stream_version, event_id, event_type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)',
        values: [streamOf(`${phase}${run}`, i), (i % EVENTS_PER_STREAM) + 1, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
      });
    };
    // The same row into the table indexed like es_events: its category, and a hash (rows with one are
    // outside es_events_unhashed, as the store's are; the hashing itself is not a plain INSERT's).
    const indexedInsert = (phase: string) => async (i: number) => {
      const e = sampleEvent(i);
      await pool.query({
        name: 'bench-indexed-insert',
        text: `INSERT INTO ${INDEXED_BASELINE} (stream_name, stream_version, event_id, event_type, category, data, metadata, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        values: [streamOf(`${phase}${run}`, i), (i % EVENTS_PER_STREAM) + 1, e.eventId, e.type, 'benchinitiative', JSON.stringify(e.data), JSON.stringify(e.metadata), randomBytes(32)],
      });
    };
    const append = (prefix: string, target = store) => async (i: number) => {
      // Each event is the next one of its stream, appended with the version the writer expects.
      await target.appendToStream(streamOf(prefix, i), [sampleEvent(i)], { expectedVersion: i % EVENTS_PER_STREAM });
    };
    // The append function without hashing: migration 001's body with 002's settings.
    const original = eventStoreMigrations[0].sql.slice(eventStoreMigrations[0].sql.indexOf('CREATE FUNCTION')).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
    const withoutHashing = async <T>(work: () => Promise<T>): Promise<T> => {
      await pool.query(original + eventStoreMigrations[1].sql);
      try {
        return await work();
      } finally {
        await pool.query(APPEND_BATCH_WITH_HASHES);
      }
    };

    // Stream i/10 gets events i..i+9: a writer must wait for the previous event of a stream, so workers
    // take whole streams, like command handlers working on different initiatives.
    const streamsOf = (n: number) => Math.ceil(n / EVENTS_PER_STREAM);
    const byStream = (work: (i: number) => Promise<void>, n: number) => async (s: number) => {
      for (let k = 0; k < EVENTS_PER_STREAM && s * EVENTS_PER_STREAM + k < n; k++) await work(s * EVENTS_PER_STREAM + k);
    };
    const timed = async (work: (i: number) => Promise<void>, n: number) => {
      const latencies: number[] = [];
      const timedWork = async (i: number) => {
        const t0 = process.hrtime.bigint();
        await work(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      };
      const { seconds } = await runConcurrently(streamsOf(n), args.writers, byStream(timedWork, n));
      return { perSec: n / seconds, latencies };
    };

    await timed(baselineInsert('warm'), args.warmup);
    await timed(indexedInsert('warm'), args.warmup);
    await timed(append(`benchwarm${run}`), args.warmup);

    // Rounds of: plain baseline, indexed baseline, appends without hashing, appends with; then both
    // baselines once more. Each round's appends are compared with the mean of the baseline runs on
    // either side of them, so drift during the run cancels out; the medians over rounds are reported.
    type Run = Awaited<ReturnType<typeof timed>>;
    const baselines: Run[] = [];
    const indexedBaselines: Run[] = [];
    const plains: Run[] = [];
    const adapters: Run[] = [];
    let head: Position | undefined;
    for (let r = 0; r < args.rounds; r++) {
      baselines.push(await timed(baselineInsert(`b${r}`), args.events));
      indexedBaselines.push(await timed(indexedInsert(`before${r}`), args.events));
      plains.push(await withoutHashing(() => timed(append(`benchplain${r}${run}`, unhashed), args.events)));
      head ??= await store.headPosition();
      adapters.push(await timed(append(`bench${r}${run}`), args.events));
    }
    baselines.push(await timed(baselineInsert('after'), args.events));
    indexedBaselines.push(await timed(indexedInsert('after'), args.events));
    const perSec = (runs: Run[]) => median(runs.map((x) => x.perSec));
    const pooled = (runs: Run[]) => runs.flatMap((x) => x.latencies).sort((x, y) => x - y);
    const ratios = (runs: Run[], to: Run[]) => runs.map((x, r) => x.perSec / ((to[r].perSec + to[r + 1].perSec) / 2));
    const latency = (runs: Run[]) => {
      const all = pooled(runs);
      return { p50: percentile(all, 50), p99: percentile(all, 99) };
    };
    const adapter = { perSec: perSec(adapters), ...latency(adapters) };
    const plain = { perSec: perSec(plains), ...latency(plains) };
    const baseline = { perSec: perSec(baselines), ...latency(baselines) };
    const indexedBaseline = { perSec: perSec(indexedBaselines), ...latency(indexedBaselines) };

    let read = 0;
    let after: Position = head as Position;
    const t0 = process.hrtime.bigint();
    for (;;) {
      const page = await store.readAll({ after, batchSize: 1000 });
      read += page.events.length;
      after = page.checkpoint;
      if (page.isEnd) break;
    }
    const readSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

    const stored = await store.countAll();
    console.log(
      JSON.stringify({
        bench: 'append',
        adapter: 'postgres',
        database: db.embedded ? 'embedded' : 'DATABASE_URL',
        events: args.events,
        writers: args.writers,
        loadAverage: load,
        loadAverageAtEnd: loadAverage(),
        eventsInStoreAtStart: eventsAtStart,
        ...(fill ? { filledNow: fill.added, fillSeconds: fill.seconds } : {}),
        rounds: args.rounds,
        appendsPerSec: round(adapter.perSec, 0),
        p50Ms: adapter.p50,
        p99Ms: adapter.p99,
        hashChains: true,
        appendsWithoutHashingPerSec: round(plain.perSec, 0),
        p50WithoutHashingMs: plain.p50,
        p99WithoutHashingMs: plain.p99,
        baselineInsertsPerSec: round(baseline.perSec, 0),
        baselineP50Ms: baseline.p50,
        baselineP99Ms: baseline.p99,
        ratioToBaseline: round(median(ratios(adapters, baselines)), 3),
        ratioWithoutHashingToBaseline: round(median(ratios(plains, baselines)), 3),
        indexedBaselineInsertsPerSec: round(indexedBaseline.perSec, 0),
        indexedBaselineP50Ms: indexedBaseline.p50,
        indexedBaselineP99Ms: indexedBaseline.p99,
        indexedBaselineRowsAtStart: indexed.rows,
        indexedBaselineCopySeconds: copySeconds,
        indexedBaselineIndexes: indexed.indexes,
        ratioToIndexedBaseline: round(median(ratios(adapters, indexedBaselines)), 3),
        ratioWithoutHashingToIndexedBaseline: round(median(ratios(plains, indexedBaselines)), 3),
        perRound: {
          appendsPerSec: adapters.map((x) => round(x.perSec, 0)),
          appendsWithoutHashingPerSec: plains.map((x) => round(x.perSec, 0)),
          baselineInsertsPerSec: baselines.map((x) => round(x.perSec, 0)),
          indexedBaselineInsertsPerSec: indexedBaselines.map((x) => round(x.perSec, 0)),
        },
        readAllEventsPerSec: round(read / readSeconds, 0),
        readAllEvents: read,
        eventsInStore: stored,
      }),
    );
    if (read < args.events * args.rounds) throw new Error(`read-all saw ${read} of ${args.events * args.rounds} appended events`);
    // The events appended without hashing get their chains now, as an upgraded store would.
    await backfillHashChains(pool);
  } finally {
    await unhashed.close();
    await store.close();
    await pool.query(`DROP TABLE IF EXISTS bench_plain_inserts, ${INDEXED_BASELINE}`).catch(() => undefined);
    await pool.end();
    await db.stop();
  }
}

const INDEXED_BASELINE = 'bench_indexed_inserts';

/**
 * A table like es_events (columns, defaults, identity, constraints) holding a copy of its rows, then
 * every index and constraint es_events has, recreated from their definitions in the catalogue (built
 * after the copy, as a bulk load would).
 */
async function createIndexedBaseline(pool: Pool): Promise<{ rows: number; indexes: string[] }> {
  const t = INDEXED_BASELINE;
  const client = await pool.connect();
  try {
    // Index builds over millions of rows: sort in memory as a bulk load's maintenance would.
    await client.query(`SET maintenance_work_mem = '256MB'`);
    return await copyTable(client, t);
  } finally {
    client.release();
  }
}

async function copyTable(db: PoolClient, t: string): Promise<{ rows: number; indexes: string[] }> {
  await db.query(`DROP TABLE IF EXISTS ${t}; CREATE TABLE ${t} (LIKE es_events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)`);
  const copied = await db.query(`INSERT INTO ${t} OVERRIDING SYSTEM VALUE SELECT * FROM es_events`);
  await db.query(`SELECT setval(pg_get_serial_sequence('${t}', 'global_position'), greatest(1, (SELECT max(global_position) FROM ${t})))`);
  // Constraints backed by an index (primary key, unique constraints), then the other indexes.
  const { rows: constraints } = await db.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'es_events'::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname`,
  );
  for (const c of constraints) await db.query(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_${c.name} ${c.def}`);
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'es_events'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname`,
  );
  for (const index of indexes) {
    const def = index.def.replace(/^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)(\S+)/, (_, create: string, name: string, on: string) => `${create}${t}_${name}${on}${t}`);
    if (def === index.def) throw new Error(`cannot copy the index definition: ${index.def}`);
    await db.query(def);
  }
  await db.query(`ANALYZE ${t}`);
  return { rows: copied.rowCount ?? 0, indexes: [...constraints.map((c) => `${c.name}: ${c.def}`), ...indexes.map((i) => i.name)] };
}

/** Tops the log up to `wanted` events with the synthetic history (through the deciders, hash chains and all). */
async function fillStore(store: PostgresEventStore, wanted: number): Promise<{ added: number; seconds: number }> {
  const started = Date.now();
  const before = await store.countAll();
  let count = before;
  const bar = new ProgressBar('fill', 'events');
  while (count < wanted) {
    // About 24 events per initiative; the last round tops up what the estimate missed.
    const initiatives = Math.max(100, Math.ceil((wanted - count) / 24));
    const base = count;
    await writeSyntheticHistory(store, {
      initiatives,
      tag: `fill-${count}-`,
      seed: 20250301 + count,
      vietnamese: true,
      onProgress: (_done, _total, events) => bar.update(Math.min(wanted, base + events) - before, wanted - before, (Date.now() - started) / 1000),
    });
    count = await store.countAll();
  }
  bar.done();
  return { added: count - before, seconds: round((Date.now() - started) / 1000, 0) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function streamOf(prefix: string, i: number): string {
  return `benchinitiative-${prefix}-${Math.floor(i / EVENTS_PER_STREAM)}`;
}

function sampleEvent(i: number): NewEvent {
  return {
    eventId: newId(),
    type: i % EVENTS_PER_STREAM === 0 ? 'InitiativeRegistered' : 'ProgressReported',
    data: {
      initiativeId: `initiative-${Math.floor(i / EVENTS_PER_STREAM)}`,
      title: 'Mô hình "Dân vận khéo" trong xây dựng nông thôn mới',
      summary: 'Residential group front committee organises weekly clean-up and a shared fund for the poorest households.',
      field: 'culture_society',
      indicators: { households: 120 + (i % 50), fundVnd: 15_000_000 },
    },
    metadata: {
      actor: { id: 'user-officer-1', role: 'unit_officer', unitId: 'unit-ward-12' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: new Date().toISOString(),
      workflowDefinitionId: 'initiative-recognition',
      workflowDefinitionVersion: 1,
      schemaVersion: 1,
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
