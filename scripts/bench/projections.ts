/**
 * bench:projections — seeds a synthetic history (default 100,000 initiatives), rebuilds every read
 * model from the log, then runs the projector under a steady command load and measures how long an
 * append takes to become visible, and list/detail query latency. Prints one JSON line.
 *
 *   npm run bench:projections -- --initiatives 100000 --rate 500 --seconds 30
 */
import { newId } from '@laurel/application';
import { Pool } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { decideInitiative, initialInitiativeState, SHIPPED_DEFINITIONS, type MovementState, type WorkflowDefinition } from '@laurel/domain';
import { FIELDS } from '../seed/world';
import { findInitiativeSummary, listInitiatives, readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { rebuildAll } from '../projections/rebuild';
import { ProgressBar } from '../projections/progress-bar';
import { envelope, writeSyntheticHistory } from '../seed/synthetic-history';
import { benchDatabase } from './database';
import { parseArgs, percentile, round } from './stats';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { initiatives: 100_000, rate: 500, seconds: 30, queryRate: 50 });
  const db = await benchDatabase();
  const pool = new Pool({ connectionString: db.url, max: 24 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ pool, appendConcurrency: 2, maxAppendBatch: 200 });
  try {
    const seedBar = new ProgressBar('seed', 'initiatives');
    const seedStart = Date.now();
    const seeded = await writeSyntheticHistory(store, { initiatives: args.initiatives, tag: 'bench-', onProgress: (d, t) => seedBar.update(d, t, (Date.now() - seedStart) / 1000) });
    seedBar.done();

    const rebuildStart = Date.now();
    const rebuilt = await rebuildAll(db.url, 'all');
    const rebuildSeconds = (Date.now() - rebuildStart) / 1000;
    const logEvents = await store.countAll();

    const supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { batchSize: 2000 }));
    await Promise.all(supervisors.map((s) => s.start()));
    await Promise.all(supervisors.map((s) => s.caughtUp(600_000)));
    const load = await steadyLoad(pool, store, args);
    await Promise.all(supervisors.map((s) => s.stop()));

    console.log(JSON.stringify({
      initiatives: args.initiatives,
      logEvents,
      seedEventsPerSec: Math.round(seeded.events / seeded.seconds),
      rebuildSeconds: round(rebuildSeconds),
      rebuildEventsPerSec: Math.round(logEvents / rebuildSeconds),
      rebuilt: rebuilt.map((r) => ({ projection: r.projection, events: r.events, seconds: round(r.seconds) })),
      ...load,
    }));
  } finally {
    await store.close();
    await pool.end();
    await db.stop();
  }
}

/** `rate` registrations a second for `seconds`; a watcher sees each appear in the list read model. */
async function steadyLoad(pool: Pool, store: PostgresEventStore, args: Record<string, number>) {
  const definition = { ...SHIPPED_DEFINITIONS[0], version: 1 } as WorkflowDefinition;
  const movement = (await pool.query<{ movement_id: string }>(`SELECT movement_id FROM rm_initiatives_initiatives WHERE definition_id = 'initiative-recognition' LIMIT 1`)).rows[0].movement_id;
  const movementState = { status: 'launched', movementId: movement, title: 'm', organizerUnitId: 'hanoi', kind: 'regular', fields: Object.keys(FIELDS), startsOn: '2025-01-01', endsOn: '2025-12-31', workflowId: definition.id, summaries: [] } as MovementState;
  const ids = (await pool.query<{ initiative_id: string }>('SELECT initiative_id FROM rm_initiatives_initiatives ORDER BY random() LIMIT 2000')).rows.map((r) => r.initiative_id);
  const appendedAt = new Map<string, number>();
  const lags: number[] = [];
  const listMs: number[] = [];
  const detailMs: number[] = [];
  let watching = true;
  let stoppedAt = Infinity;
  let lastSeen = (await pool.query<{ p: string }>('SELECT max(registered_position) AS p FROM rm_initiatives_initiatives')).rows[0].p;

  const watcher = (async () => {
    const giveUp = () => !watching && performance.now() > stoppedAt + 30_000;
    while ((watching || appendedAt.size > 0) && !giveUp()) {
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

  const fields = Object.keys(FIELDS);
  // Queries run beside the load; one that fails is reported, not left to crash the run later.
  const queryErrors: unknown[] = [];
  const queries = setInterval(() => {
    const t0 = performance.now();
    listInitiatives(pool, { field: fields[Math.floor(Math.random() * 4)], level: Math.random() < 0.5 ? 'grassroots' : undefined }, { limit: 50 }).then(
      () => listMs.push(performance.now() - t0),
      (error: unknown) => queryErrors.push(error),
    );
    const t1 = performance.now();
    findInitiativeSummary(pool, ids[Math.floor(Math.random() * ids.length)]).then(
      () => detailMs.push(performance.now() - t1),
      (error: unknown) => queryErrors.push(error),
    );
  }, 1000 / args.queryRate);

  const total = args.rate * args.seconds;
  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / args.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const initiativeId = `load-${newId()}`;
    const now = new Date().toISOString();
    const events = decideInitiative(
      { type: 'register', data: { initiativeId, movementId: movement, unitId: 'hanoi-d1-g1', title: `Load model ${i}`, summary: 'Steady load', field: fields[i % 4], authors: [{ name: 'Bench' }] } },
      initialInitiativeState(),
      { now, actor: { userId: 'officer-hanoi-d1-g1', roles: ['unit_officer'], unitId: 'hanoi-d1-g1' }, definition, movement: movementState },
    );
    appendedAt.set(initiativeId, performance.now());
    inFlight.push(store.appendToStream(`initiative-${initiativeId}`, events.map((e) => envelope(e, { userId: 'bench', roles: ['unit_officer'] }, now, 'register')), { expectedVersion: 'no_stream' }));
    if (inFlight.length > 200) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  const achievedRate = total / ((performance.now() - started) / 1000);
  clearInterval(queries);
  watching = false;
  stoppedAt = performance.now();
  await watcher;
  [lags, listMs, detailMs].forEach((l) => l.sort((a, b) => a - b));
  return { commandsPerSec: Math.round(achievedRate), lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99), queryP99Ms: { list: percentile(listMs, 99), detail: percentile(detailMs, 99) }, queryErrors: queryErrors.length };
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
