import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { ApiHarness } from '../api-harness';
import { buildWorld, type World } from './creative-solidarity.world';
import { planScenario, type InitiativePlan } from './creative-solidarity.plan';
import type { InitiativeView, RubricCriterion } from './creative-solidarity.expectations';
import { CONCURRENCY, runScenario, setUpReferenceData, type PhaseTiming } from './creative-solidarity.run';
import type { Journal } from './creative-solidarity.steps';
import { HttpClient } from './http-client';
import { inPool } from './promise-pool';
import { TestClock } from './test-clock';

/*
 * The Creative Solidarity scenario, run once per test file that asks for it (test/creative-solidarity.e2e-spec.ts):
 * the run registers its beforeAll/afterAll and hands its results to the checks of
 * creative-solidarity.movement-checks.ts and creative-solidarity.document-checks.ts.
 */

/** The scenario itself: about 1.5 min on a quiet machine, several times that on a shared, busy one. */
const SCENARIO_TIMEOUT_MS = 600_000;

export const DECISION = '119/QĐ-UBND';
export const SAMPLES = join(__dirname, '..', '..', 'test-results', 'documents');
export const MEMBER_NAMES = ['Nguyễn Lan Hương', 'Trần Văn Minh', 'Lê Thị Thu', 'Phạm Quốc Khánh', 'Hoàng Thị Mai', 'Vũ Đức Thắng', 'Đặng Thị Hạnh', 'Bùi Văn Long', 'Ngô Thị Hoa'];

export interface HistoryEntry {
  type: string;
  recordedAt: string;
  version: number;
  data: Record<string, unknown>;
}
export interface History {
  version: number;
  state: InitiativeView | null;
  events: HistoryEntry[];
}

/** What the run leaves for the checks (filled in by its beforeAll). */
export interface ScenarioRun {
  api: ApiHarness;
  http: HttpClient;
  w: World;
  plans: InitiativePlan[];
  rubric: RubricCriterion[];
  journal: Journal;
  timings: PhaseTiming[];
  views: Map<string, InitiativeView>;
  clock: TestClock;
}

/** Registers the scenario's run (beforeAll) and its teardown (afterAll); returns what it leaves. */
export function useCreativeSolidarityRun(): ScenarioRun {
  const run = { views: new Map<string, InitiativeView>() } as ScenarioRun;
  const clock = new TestClock('2025-03-03T01:00:00.000Z');
  run.clock = clock;
  const savedWait = process.env.READ_MODEL_WAIT_MS;
  let supervisors: ReadModelSupervisor[] = [];

  beforeAll(async () => {
    const started = Date.now();
    // Statistics are read with ?minPosition= of the last command; give the projector time on a busy machine.
    process.env.READ_MODEL_WAIT_MS = '60000';
    await mkdir(SAMPLES, { recursive: true });
    const api = await ApiHarness.start({ clock });
    run.api = api;
    // One listening socket for every request, instead of supertest listening anew per request.
    await new Promise<void>((resolve) => api.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    const pool = api.app.get(Pool);
    const store = api.app.get<EventStore>(EVENT_STORE);
    supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 200, leaseRetryMs: 100 }));
    await Promise.all(supervisors.map((s) => s.start()));

    const http = new HttpClient(api);
    run.http = http;
    const w = buildWorld(randomUUID().slice(0, 8));
    run.w = w;
    // The city's people's committee decides; its name is how the documents must print it.
    w.city.name = 'Ủy ban nhân dân thành phố Hà Nội';
    const plans = planScenario(w);
    run.plans = plans;
    for (const p of plans) if (p.track === 'open' && p.decision?.outcome === 'granted') (p.decision as { decisionNo?: string }).decisionNo = DECISION;
    ({ rubric: run.rubric } = await setUpReferenceData({ http, clock, w, plans }));
    ({ journal: run.journal, timings: run.timings } = await runScenario({ http, clock, w, plans }));
    await inPool(plans, CONCURRENCY, async (p) => void run.views.set(p.id, await http.get<InitiativeView>(w.auditor, `/initiatives/${p.id}`)));
    const total = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Creative Solidarity scenario: ${plans.length} initiatives, ${http.requests} requests in ${total} s\n` +
        run.timings.map((t) => `  ${t.at.slice(0, 10)} ${t.phase}: ${t.requests} requests, ${t.ms} ms`).join('\n'),
    );
  }, SCENARIO_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(supervisors.map((s) => s.stop()));
    await run.api?.close();
    if (savedWait === undefined) delete process.env.READ_MODEL_WAIT_MS;
    else process.env.READ_MODEL_WAIT_MS = savedWait;
  });
  return run;
}
