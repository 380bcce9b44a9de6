import { randomUUID } from 'node:crypto';
import { Clock, CommandRunner, SYSTEM_ACTOR, streams, type RequestMeta } from '@laurel/application';
import { councilDecider, movementDecider, userDecider, type CouncilMember, type Role } from '@laurel/domain';
import type { ApiHarness } from '../../../../../test/api-harness';

/*
 * Test set-up for the initiative API: units through POST /units; users, councils and movements
 * appended as domain commands through the CommandRunner (as the system), so these tests do not
 * depend on the reference-data routes.
 */

const system = (): RequestMeta => ({ actor: SYSTEM_ACTOR, correlationId: randomUUID() });
const asSystem = (_state: unknown, now: string) => ({ now, actor: SYSTEM_ACTOR });

export const sha = (seed: string) => seed.repeat(64).slice(0, 64);
export const DOCUMENTS = [
  { name: 'request_letter', sha256: sha('a'), url: 'https://docs.example/letter.pdf' },
  { name: 'achievement_report', sha256: sha('b') },
];

type Agent = ReturnType<ApiHarness['as']>;

export class Fixtures {
  readonly tag = randomUUID().slice(0, 8);
  private readonly runner: CommandRunner;

  constructor(readonly api: ApiHarness) {
    this.runner = api.app.get(CommandRunner);
  }

  id(name: string): string {
    return `${name}-${this.tag}`;
  }

  as(userId: string): Agent {
    return this.api.as(userId);
  }

  async unit(name: string, level: string, parentId?: string): Promise<string> {
    const id = this.id(name);
    await this.api.as('admin').post('/units').send({ id, name, level, ...(parentId ? { parentId } : {}) }).expect(201);
    return id;
  }

  async user(name: string, roles: Role[], unitId: string): Promise<string> {
    const userId = this.id(name);
    await this.runner.run({
      stream: streams.user(userId),
      id: userId,
      decider: userDecider,
      command: { type: 'registerUser', data: { userId, name, email: `${userId}@laurel.test`, roles, unitId } },
      meta: system(),
      context: asSystem,
    });
    return userId;
  }

  async users(prefix: string, count: number, roles: Role[], unitId: string): Promise<string[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => this.user(`${prefix}${i + 1}`, roles, unitId)));
  }

  async council(name: string, unitId: string, level: string, members: CouncilMember[]): Promise<string> {
    const councilId = this.id(name);
    await this.runner.run({
      stream: streams.council(councilId),
      id: councilId,
      decider: councilDecider,
      command: { type: 'createCouncil', data: { councilId, name, unitId, level, members } },
      meta: system(),
      context: asSystem,
    });
    return councilId;
  }

  async movement(organizerUnitId: string, workflowId: string): Promise<string> {
    const movementId = this.id(`movement-${workflowId}`);
    const run = (command: Parameters<typeof movementDecider.decide>[0]) =>
      this.runner.run({ stream: streams.movement(movementId), id: movementId, decider: movementDecider, command, meta: system(), context: asSystem });
    await run({
      type: 'draftMovement',
      data: {
        movementId,
        title: 'Creative Solidarity',
        organizerUnitId,
        kind: 'regular',
        fields: ['economy', 'culture-society'],
        startsOn: '2025-01-01',
        endsOn: '2030-12-31',
        workflowId,
      },
    });
    await run({ type: 'launchMovement', data: {} });
    return movementId;
  }
}

export interface World {
  f: Fixtures;
  movementId: string;
  /** The nominating unit (district) and its officer; the province above it organises the movement. */
  unitId: string;
  provinceId: string;
  officer: string;
  /** Secretary of the province council (council role secretary: does not vote). */
  secretary: string;
  /** Decision authority of the province: decides for the province council. */
  authority: string;
  auditor: string;
  /** The province council and its voting members; the secretary keeps its record and does not vote. */
  councilId: string;
  members: string[];
  /** A council member whose unit is the nominating unit: recused automatically. */
  colleague: string;
  /** A council member of another council. */
  outsider: string;
  /** The other province's council: its secretary, its authority and an officer of a district of it. */
  otherCouncilId: string;
  otherSecretary: string;
  otherAuthority: string;
  otherOfficer: string;
  otherUnitId: string;
  nationalCouncilId: string;
  /** Secretary of the national council and the national authority (after escalation). */
  nationalSecretary: string;
  nationalAuthority: string;
  adopters: { unitId: string; officer: string }[];
}

export interface WorldOptions {
  workflowId?: string;
  members?: number;
}

/** Units, users, councils and a launched movement for one test. */
export async function buildWorld(api: ApiHarness, options: WorldOptions = {}): Promise<World> {
  const f = new Fixtures(api);
  const workflowId = options.workflowId ?? 'initiative-recognition';
  const national = await f.unit('national', 'national');
  const province = await f.unit('province', 'province', national);
  const unitId = await f.unit('district', 'district', province);
  const otherProvince = await f.unit('other-province', 'province', national);
  const otherUnitId = await f.unit('other-district', 'district', otherProvince);
  const adopterUnits = await Promise.all([1, 2, 3].map((i) => f.unit(`adopter${i}`, 'district', province)));

  const [officer, secretary, authority, auditor, colleague, outsider, otherSecretary, otherAuthority, otherOfficer, nationalSecretary, nationalAuthority] = await Promise.all([
    f.user('officer', ['unit_officer'], unitId),
    f.user('secretary', ['secretary'], province),
    f.user('authority', ['decision_authority'], province),
    f.user('auditor', ['auditor'], national),
    f.user('colleague', ['council_member'], unitId),
    f.user('outsider', ['council_member'], otherProvince),
    f.user('other-secretary', ['secretary'], otherProvince),
    f.user('other-authority', ['decision_authority'], otherProvince),
    f.user('other-officer', ['unit_officer'], otherUnitId),
    f.user('national-secretary', ['secretary'], national),
    f.user('national-authority', ['decision_authority'], national),
  ]);
  const members = await f.users('member', options.members ?? 5, ['council_member'], province);
  const nationalMembers = await f.users('national-member', 3, ['council_member'], national);
  const adopterOfficers = await Promise.all(adopterUnits.map((u, i) => f.user(`adopter-officer${i + 1}`, ['unit_officer'], u)));

  const councilId = await f.council('province-council', province, 'province', [
    ...members.map((userId, i) => ({ userId, role: i === 0 ? ('chair' as const) : ('member' as const) })),
    { userId: colleague, role: 'member' },
    { userId: secretary, role: 'secretary' },
  ]);
  const otherCouncilId = await f.council('other-council', otherProvince, 'province', [
    { userId: outsider, role: 'chair' },
    { userId: otherSecretary, role: 'secretary' },
  ]);
  const nationalCouncilId = await f.council('national-council', national, 'national', [
    ...nationalMembers.map((userId) => ({ userId, role: 'member' as const })),
    { userId: nationalSecretary, role: 'secretary' as const },
  ]);
  const movementId = await f.movement(province, workflowId);
  return {
    f,
    movementId,
    unitId,
    provinceId: province,
    officer,
    secretary,
    authority,
    auditor,
    councilId,
    members,
    colleague,
    outsider,
    otherCouncilId,
    otherSecretary,
    otherAuthority,
    otherOfficer,
    otherUnitId,
    nationalCouncilId,
    nationalSecretary,
    nationalAuthority,
    adopters: adopterUnits.map((u, i) => ({ unitId: u, officer: adopterOfficers[i] })),
  };
}

/** POST and expect a status, failing with the problem body when it differs. */
export async function send(agent: Agent, path: string, body: object, status = 200) {
  const response = await agent.post(path).send(body);
  if (response.status !== status) throw new Error(`POST ${path} → ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function register(w: World, extra: object = {}): Promise<string> {
  const body = await send(
    w.f.as(w.officer),
    '/initiatives',
    { movementId: w.movementId, unitId: w.unitId, title: 'Digital residential-group ledger', summary: 'Households report by phone', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }], ...extra },
    201,
  );
  return body.id;
}

/** register → progress → nomination → screening accepted: ready for a review. */
export async function screened(w: World): Promise<string> {
  const id = await register(w);
  await send(w.f.as(w.officer), `/initiatives/${id}/progress-reports`, { summary: 'Piloted in 3 groups', indicators: { households: 120 } });
  await send(w.f.as(w.officer), `/initiatives/${id}/nomination`, { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Worth replicating', documents: DOCUMENTS });
  await send(w.f.as(w.secretary), `/initiatives/${id}/screening`, { outcome: 'accepted' });
  return id;
}

/** Runs `work` with the application clock set to `instant` (e.g. past a consultation window). */
export async function at<T>(api: ApiHarness, instant: string, work: () => Promise<T>): Promise<T> {
  const clock = api.app.get(Clock);
  const now = clock.now;
  clock.now = () => instant;
  try {
    return await work();
  } finally {
    clock.now = now;
  }
}

/** A screened initiative taken through an approving review and a quiet consultation to its award. */
export async function awarded(w: World, decisionNo: string): Promise<string> {
  const id = await screened(w);
  const path = (suffix: string) => `/initiatives/${id}${suffix}`;
  await send(w.f.as(w.secretary), path('/review'), {});
  for (const member of w.members) await send(w.f.as(member), path('/review/ballots'), { choice: 'approve' });
  await send(w.f.as(w.secretary), path('/review/close'), {});
  await send(w.f.as(w.secretary), path('/consultation'), { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
  await at(w.f.api, new Date(Date.now() + 2 * 60 * 60_000).toISOString(), () => send(w.f.as(w.secretary), path('/consultation/close'), {}));
  await send(w.f.as(w.authority), path('/decision'), { outcome: 'granted', decisionNo, signedBy: 'Chairman' });
  return id;
}
