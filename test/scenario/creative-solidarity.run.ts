import type { InitiativePlan } from './creative-solidarity.plan';
import { FIELDS, type World } from './creative-solidarity.world';
import { InitiativeSteps, newJournal, type Journal } from './creative-solidarity.steps';
import type { RubricCriterion } from './creative-solidarity.expectations';
import type { HttpClient } from './http-client';
import { inPool } from './promise-pool';
import type { TestClock } from './test-clock';

/** Requests in flight at once: parallel across initiatives, sequential within each. */
export const CONCURRENCY = 16;

export interface PhaseTiming {
  phase: string;
  at: string;
  ms: number;
  requests: number;
}

export interface ScenarioContext {
  http: HttpClient;
  clock: TestClock;
  w: World;
  plans: InitiativePlan[];
}

/** The administrators' set-up: units, users, the secret-ballot variant of the track, the council, the movements. */
export async function setUpReferenceData({ http, w }: ScenarioContext): Promise<{ rubric: RubricCriterion[] }> {
  const unitBody = (u: World['units'][number]) => ({ id: u.id, name: u.name, level: u.level, ...(u.parentId ? { parentId: u.parentId } : {}) });
  await http.post('admin', '/units', unitBody(w.national), 201);
  await http.post('admin', '/units', unitBody(w.city), 201);
  const children = w.units.filter((u) => u.level !== 'national' && u.id !== w.city.id);
  await inPool(children.filter((u) => u.level !== 'grassroots'), CONCURRENCY, async (u) => void (await http.post('admin', '/units', unitBody(u), 201)));
  await inPool(children.filter((u) => u.level === 'grassroots'), CONCURRENCY, async (u) => void (await http.post('admin', '/units', unitBody(u), 201)));
  await inPool(w.users, CONCURRENCY, async (u) => {
    await http.post('admin', '/users', { id: u.id, name: u.name, email: `${u.id}@mattran.hanoi.example`, roles: u.roles, unitId: u.unitId }, 201);
  });

  // The board copies the shipped track and publishes it with secret ballots and a 2/3-of-members rule.
  type Definition = { version: number; parameters: Record<string, unknown> & { rubric: RubricCriterion[] } } & Record<string, unknown>;
  const { version: _version, ...shipped } = await http.get<Definition>(w.boardAdmin, '/workflows/initiative-recognition/versions/1');
  const variant = {
    ...shipped,
    id: w.secretDefinitionId,
    title: 'Initiative recognition (secret ballot)',
    parameters: { ...shipped.parameters, secretBallot: true, approval: { fraction: '2/3', base: 'all_members', comparison: 'at_least' } },
  };
  await http.post(w.boardAdmin, '/workflows', { definition: variant }, 201);

  // Nine voting members; the board's secretary keeps the council's record and does not vote.
  const roles = ['chair', 'vice_chair', 'member', 'member', 'member', 'member', 'member', 'member', 'member'] as const;
  await http.post(
    w.boardAdmin,
    '/councils',
    {
      id: w.councilId,
      name: 'Creative Solidarity evaluation council',
      unitId: w.city.id,
      level: 'province',
      members: [...w.members.map((userId, i) => ({ userId, role: roles[i] })), { userId: w.secretary, role: 'secretary' }],
      rules: { note: 'Decides by majority under centralism and democracy', quorum: '2/3 of members', approval: 'more than half of those present', secretBallot: false },
    },
    201,
  );

  const movement = (id: string, title: string, kind: 'regular' | 'thematic', workflowId: string) => ({
    id,
    title,
    organizerUnitId: w.city.id,
    kind,
    fields: [...FIELDS],
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
    workflowId,
  });
  await http.post(w.boardAdmin, '/movements', movement(w.mainMovementId, 'Creative Solidarity', 'regular', 'initiative-recognition'), 201);
  await http.post(w.boardAdmin, '/movements', movement(w.secretMovementId, 'Creative Solidarity: outstanding models', 'thematic', w.secretDefinitionId), 201);
  for (const id of [w.mainMovementId, w.secretMovementId]) await http.post(w.boardAdmin, `/movements/${id}/launch`, {});
  return { rubric: shipped.parameters.rubric };
}

/** The year of the movement, phase by phase, with the clock set to each phase's day. */
export async function runScenario(ctx: ScenarioContext): Promise<{ journal: Journal; timings: PhaseTiming[] }> {
  const { http, clock, w, plans } = ctx;
  const journal = newJournal();
  const s = new InitiativeSteps(http, w, journal, () => clock.now().slice(0, 10));
  const timings: PhaseTiming[] = [];
  const firstConsulted = plans.find((p) => s.consulted(p) && !s.consulted(p)?.objections?.includes('upheld'));

  const phase = async (name: string, at: string, step: (p: InitiativePlan) => Promise<void>, before?: () => Promise<void>) => {
    clock.set(at);
    const started = Date.now();
    const requests = http.requests;
    await before?.();
    await inPool(plans, CONCURRENCY, step);
    timings.push({ phase: name, at, ms: Date.now() - started, requests: http.requests - requests });
  };

  const misfiled = plans.find((p) => p.field.includes('_')) as InitiativePlan;
  await phase('registration', '2025-03-03T02:00:00.000Z', (p) => s.register(p), () => s.registerInStrayField(misfiled));
  await phase('cultivation (progress reports)', '2025-04-01T02:00:00.000Z', (p) => s.cultivate(p));
  await phase('nomination', '2025-05-05T02:00:00.000Z', (p) => s.nominate(p));
  await phase('screening', '2025-05-12T02:00:00.000Z', (p) => s.screen(p));
  await phase('returned dossiers answered', '2025-05-19T02:00:00.000Z', (p) => s.answerReturn(p));
  await phase('screening of resubmissions', '2025-05-20T02:00:00.000Z', (p) => s.screenResubmitted(p));
  await phase('council review', '2025-06-02T02:00:00.000Z', (p) => s.review(p, 0));
  await phase('second cycle after no quorum', '2025-06-09T02:00:00.000Z', (p) => (p.cycles[0]?.outcome === 'no_quorum' ? s.review(p, 1) : Promise.resolve()));
  await phase('public consultation opens', '2025-06-16T02:00:00.000Z', (p) => s.openConsultation(p));
  await phase('objections', '2025-06-18T02:00:00.000Z', (p) => s.object(p));
  await phase('review after an upheld objection', '2025-06-19T02:00:00.000Z', (p) => s.reReview(p));
  await phase('consultation windows end', '2025-06-23T03:00:00.000Z', (p) => s.closeConsultation(p, p === firstConsulted));
  await phase('decisions', '2025-07-01T02:00:00.000Z', (p) => s.decide(p));
  await phase('publication', '2025-07-15T02:00:00.000Z', (p) => s.publish(p));
  await phase('replication', '2025-09-01T02:00:00.000Z', (p) => s.replicate(p));
  await phase('escalation to the central council', '2025-10-01T02:00:00.000Z', (p) => s.escalate(p), async () => {
    const members = w.nationalMembers.map((userId, i) => ({ userId, role: i === 0 ? 'chair' : 'member' }));
    await http.post(w.boardAdmin, '/councils', { id: w.nationalCouncilId, name: 'Central emulation and commendation council', unitId: w.national.id, level: 'national', members }, 201);
  });
  await phase('revocation', '2025-11-17T02:00:00.000Z', (p) => s.revoke(p));
  return { journal, timings };
}
