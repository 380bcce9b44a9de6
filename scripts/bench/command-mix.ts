/**
 * The command mix of the HTTP benchmarks (bench:commands, bench:http): a province, a district and
 * eight wards, their officers, a council of nine, a launched movement; and one initiative walked
 * from registration to the close of its review (23 commands).
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { HttpClient, Reply } from './http-client';

const MEMBERS = 9;
const GRASSROOTS = 8;

export interface Fixture {
  movementId: string;
  councilId: string;
  officers: { unitId: string; token: string }[];
  secretary: string;
  /** The province's decision authority: decides for the council's unit. */
  authority: string;
  members: string[];
  /** Mints a service-account token (HS256, 2 h) for any user. */
  token(userId: string): Promise<string>;
}

export type Call = (path: string, body: unknown, token: string) => Promise<Reply>;

/**
 * One initiative from registration to the close of its review: 23 commands. With `until:
 * 'review-opened'` it stops once the review is open (5 commands), so it stays in the members'
 * review queues.
 */
export async function walkInitiative(call: Call, f: Fixture, client: number, n: number, until: 'review-closed' | 'review-opened' = 'review-closed'): Promise<string | undefined> {
  const officer = f.officers[(client + n) % f.officers.length];
  const registered = await call(
    '/initiatives',
    {
      movementId: f.movementId,
      unitId: officer.unitId,
      title: `Mô hình dân vận khéo ${client}-${n}`,
      summary: 'Residential group front committee organises weekly clean-up and a shared fund for the poorest households.',
      field: 'culture_society',
      authors: [{ name: 'Nguyễn Văn A' }],
    },
    officer.token,
  );
  const id = (registered.body as { id?: string }).id;
  if (registered.status !== 201 || !id) return undefined;
  const path = `/initiatives/${id}`;
  await call(`${path}/progress-reports`, { summary: 'Quarter 1: 120 households joined', indicators: { households: 120 } }, officer.token);
  await call(
    `${path}/nomination`,
    {
      awardForm: 'merit_certificate',
      councilId: f.councilId,
      statement: 'Replicable in every ward',
      documents: [
        { name: 'request_letter', sha256: 'a'.repeat(64) },
        { name: 'achievement_report', sha256: 'b'.repeat(64) },
      ],
    },
    officer.token,
  );
  await call(`${path}/screening`, { outcome: 'accepted' }, f.secretary);
  await call(`${path}/review`, {}, f.secretary);
  if (until === 'review-opened') return id;
  for (const member of f.members) await call(`${path}/review/scores`, { scores: { novelty: 8, effectiveness: 7, scope: 6 } }, member);
  for (const member of f.members) await call(`${path}/review/ballots`, { choice: 'approve' }, member);
  await call(`${path}/review/close`, {}, f.secretary);
  return id;
}

/**
 * Takes initiatives whose review closed (recommended) through a two-second consultation, the
 * decision (granted) and the publication, so they are on the public pages: 4 commands each, and
 * one wait for the consultations to close.
 */
export async function publishInitiatives(call: Call, f: Fixture, ids: string[]): Promise<void> {
  const must = async (path: string, body: unknown, token: string) => {
    const reply = await call(path, body, token);
    if (reply.status >= 300) throw new Error(`publish ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  const closesAt = new Date(Date.now() + 2_000).toISOString();
  for (const id of ids) await must(`/initiatives/${id}/consultation`, { closesAt }, f.secretary);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(closesAt) - Date.now() + 100)));
  for (const [i, id] of ids.entries()) {
    await must(`/initiatives/${id}/consultation/close`, {}, f.secretary);
    await must(`/initiatives/${id}/decision`, { outcome: 'granted', decisionNo: `${i + 1}/QĐ-BENCH`, signedBy: 'Chủ tịch' }, f.authority);
    await must(`/initiatives/${id}/publication`, { channel: 'provincial gazette' }, f.secretary);
  }
}

export async function setUp(http: HttpClient, secret: string): Promise<Fixture> {
  // Service-account tokens (HS256 with exp): the standalone API has no dev tokens.
  const key = createSecretKey(Buffer.from(secret));
  const token = (userId: string) => new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(key);
  const admin = await token('admin');
  const must = async (path: string, body: unknown) => {
    const reply = await http.request('POST', path, body, admin);
    if (reply.status >= 300) throw new Error(`setup ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  const run = randomUUID().slice(0, 8);
  const province = `prov-${run}`;
  const district = `dist-${run}`;
  await must('/units', { id: province, name: 'Hà Nội', level: 'province' });
  await must('/units', { id: district, name: 'Long Biên', level: 'district', parentId: province });
  const units = Array.from({ length: GRASSROOTS }, (_, i) => `ward-${run}-${i}`);
  for (const [i, unitId] of units.entries()) await must('/units', { id: unitId, name: `Tổ dân phố ${i}`, level: 'grassroots', parentId: district });

  const user = async (id: string, roles: string[], unitId: string) => {
    await must('/users', { id, name: id, email: `${id}@bench.laurel`, roles, unitId });
    return token(id);
  };
  const officers = [];
  for (const unitId of units) officers.push({ unitId, token: await user(`officer-${unitId}`, ['unit_officer'], unitId) });
  const secretaryId = `secretary-${run}`;
  const secretary = await user(secretaryId, ['secretary'], province);
  const authority = await user(`authority-${run}`, ['decision_authority'], province);
  const memberIds = Array.from({ length: MEMBERS }, (_, i) => `member-${run}-${i}`);
  const members = [];
  for (const id of memberIds) members.push(await user(id, ['council_member'], province));

  const councilId = `council-${run}`;
  await must('/councils', {
    id: councilId,
    name: 'Hội đồng thi đua khen thưởng',
    unitId: province,
    level: 'province',
    // The secretary holds the council's secretary seat: secretaries act only for their own council.
    members: [...memberIds.map((userId, i) => ({ userId, role: i === 0 ? 'chair' : 'member' })), { userId: secretaryId, role: 'secretary' }],
  });
  const movementId = `movement-${run}`;
  await must('/movements', {
    id: movementId,
    title: 'Sáng tạo đoàn kết',
    organizerUnitId: province,
    kind: 'regular',
    fields: ['economy', 'culture_society', 'security_defence', 'political_system'],
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    workflowId: 'initiative-recognition',
  });
  await must(`/movements/${movementId}/launch`, {});
  return { movementId, councilId, officers, secretary, authority, members, token };
}
