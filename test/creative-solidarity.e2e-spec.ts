import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Pool } from 'pg';
import { BallotBox } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { READ_MODELS, ReadModelSupervisor } from '@laurel/read-models';
import { decodeVerificationCode, encodeVerificationCode } from '@laurel/documents';
import { ApiHarness } from './api-harness';
import { FIELDS, buildWorld, type World } from './scenario/creative-solidarity.world';
import { MAIN, SECRET, planScenario, type InitiativePlan } from './scenario/creative-solidarity.plan';
import { expectedFunnel, expectedGroups, expectedLevel, expectedOutline, expectedStatus, outlineOf, type InitiativeView, type RubricCriterion } from './scenario/creative-solidarity.expectations';
import { CONCURRENCY, runScenario, setUpReferenceData, type PhaseTiming } from './scenario/creative-solidarity.run';
import type { Journal } from './scenario/creative-solidarity.steps';
import { HttpClient } from './scenario/http-client';
import { inPool } from './scenario/promise-pool';
import { TestClock } from './scenario/test-clock';
import { docxText, flat, pdfCodes, pdfPages } from '../libs/documents/test/read-documents';

/*
 * The source articles' case end to end over HTTP: the Hanoi Fatherland Front's "Creative
 * Solidarity" movement, whose evaluation council reviewed 500 applications and awarded 119
 * initiatives; plus a smaller thematic movement on a secret-ballot variant of the track. The year
 * runs on a test clock (no sleeping); the read models are projected live, as the projector does.
 *
 * The scenario runs once for this file: the movement's end-to-end checks and the official
 * documents generated from its log (each fetched over HTTP, parsed — PDF text through pdfjs-dist,
 * DOCX through its XML — and checked against the log) read the same history. All 119 awards of the
 * main movement are granted under one decision number, as the city's chairman signs one decision
 * with an attached list. Document samples go to test-results/documents/.
 */

const TEST_TIMEOUT_MS = 300_000;
jest.setTimeout(TEST_TIMEOUT_MS);
/** The scenario itself: about 1.5 min on a quiet machine, several times that on a shared, busy one. */
const SCENARIO_TIMEOUT_MS = 600_000;

const DECISION = '119/QĐ-UBND';
const SAMPLES = join(__dirname, '..', 'test-results', 'documents');
const MEMBER_NAMES = ['Nguyễn Lan Hương', 'Trần Văn Minh', 'Lê Thị Thu', 'Phạm Quốc Khánh', 'Hoàng Thị Mai', 'Vũ Đức Thắng', 'Đặng Thị Hạnh', 'Bùi Văn Long', 'Ngô Thị Hoa'];

interface HistoryEntry {
  type: string;
  recordedAt: string;
  version: number;
  data: Record<string, unknown>;
}
interface History {
  version: number;
  state: InitiativeView | null;
  events: HistoryEntry[];
}

const clock = new TestClock('2025-03-03T01:00:00.000Z');
const savedWait = process.env.READ_MODEL_WAIT_MS;
let api: ApiHarness;
let http: HttpClient;
let supervisors: ReadModelSupervisor[] = [];
let w: World;
let plans: InitiativePlan[];
let rubric: RubricCriterion[];
let journal: Journal;
let timings: PhaseTiming[];
const views = new Map<string, InitiativeView>();

beforeAll(async () => {
  const started = Date.now();
  // Statistics are read with ?minPosition= of the last command; give the projector time on a busy machine.
  process.env.READ_MODEL_WAIT_MS = '60000';
  await mkdir(SAMPLES, { recursive: true });
  api = await ApiHarness.start({ clock });
  // One listening socket for every request, instead of supertest listening anew per request.
  await new Promise<void>((resolve) => api.app.getHttpServer().listen(0, '127.0.0.1', resolve));
  const pool = api.app.get(Pool);
  const store = api.app.get<EventStore>(EVENT_STORE);
  supervisors = READ_MODELS.map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 200, leaseRetryMs: 100 }));
  await Promise.all(supervisors.map((s) => s.start()));

  http = new HttpClient(api);
  w = buildWorld(randomUUID().slice(0, 8));
  // The city's people's committee decides; its name is how the documents must print it.
  w.city.name = 'Ủy ban nhân dân thành phố Hà Nội';
  plans = planScenario(w);
  for (const p of plans) if (p.track === 'open' && p.decision?.outcome === 'granted') (p.decision as { decisionNo?: string }).decisionNo = DECISION;
  ({ rubric } = await setUpReferenceData({ http, clock, w, plans }));
  ({ journal, timings } = await runScenario({ http, clock, w, plans }));
  await inPool(plans, CONCURRENCY, async (p) => void views.set(p.id, await http.get<InitiativeView>(w.auditor, `/initiatives/${p.id}`)));
  const total = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Creative Solidarity scenario: ${plans.length} initiatives, ${http.requests} requests in ${total} s\n` +
      timings.map((t) => `  ${t.at.slice(0, 10)} ${t.phase}: ${t.requests} requests, ${t.ms} ms`).join('\n'),
  );
}, SCENARIO_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(supervisors.map((s) => s.stop()));
  await api?.close();
  if (savedWait === undefined) delete process.env.READ_MODEL_WAIT_MS;
  else process.env.READ_MODEL_WAIT_MS = savedWait;
});

describe('the Creative Solidarity movement, end to end over HTTP', () => {
  const main = () => plans.filter((p) => p.track === 'open');
  const secret = () => plans.filter((p) => p.track === 'secret');
  const history = (p: InitiativePlan, query = '') => http.get<History>(w.auditor, `/initiatives/${p.id}/history${query}`);

  it('every one of the 520 applications ends in the state the scenario gives it', () => {
    expect(plans).toHaveLength(MAIN.applications + SECRET.applications);
    const actual = plans.map((p) => outlineOf(views.get(p.id) as InitiativeView));
    const expected = plans.map((p) => expectedOutline(p, w, rubric));
    expect(actual).toEqual(expected);
  });

  it('a registration in a field the movement does not run is refused, so statistics keep to the four fields', () => {
    expect(journal.strayFields).toEqual([expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' })]);
    expect(new Set(plans.map((p) => views.get(p.id)?.field))).toEqual(new Set(FIELDS));
  });

  it('the council of the main movement awarded exactly 119 of its 500 applications', () => {
    const awarded = main().filter((p) => (views.get(p.id)?.awards.length ?? 0) > 0);
    expect(awarded).toHaveLength(119);
    const statuses = new Map<string, number>();
    for (const p of main()) statuses.set(expectedStatus(p), (statuses.get(expectedStatus(p)) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({
      withdrawn: 7,
      not_recommended: 364,
      declined: 10,
      published: 115,
      replicating: 2,
      nominated: 1,
      revoked: 1,
    });
  });

  it('the funnel and the counts per status, field, level and year are exactly those the scenario produced', async () => {
    const sorted = <T extends { groups: Record<string, unknown>[] }>(body: T) => ({
      ...body,
      groups: [...body.groups].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    });
    for (const [movementId, mine] of [
      [w.mainMovementId, main()],
      [w.secretMovementId, secret()],
    ] as const) {
      const at = `movementId=${movementId}&minPosition=${http.lastPosition}`;
      expect(await http.get(w.auditor, `/stats/funnel?${at}`)).toEqual(expectedFunnel(mine));
      const groups = { status: expectedStatus, field: (p: InitiativePlan) => p.field, level: expectedLevel, year: () => 2025 };
      for (const [dimension, valueOf] of Object.entries(groups) as [keyof typeof groups, (p: InitiativePlan) => string | number][]) {
        const body = await http.get<{ groups: Record<string, unknown>[] }>(w.auditor, `/stats/initiatives?${at}&groupBy=${dimension}`);
        expect(sorted(body)).toEqual(sorted(expectedGroups(mine, dimension, valueOf)));
      }
    }
    expect(await http.get(w.auditor, `/stats/funnel?movementId=${w.mainMovementId}&minPosition=${http.lastPosition}`)).toEqual({
      registered: 500,
      nominated: 497,
      recommended: 130,
      awarded: 119,
      published: 119,
      replicated: 3,
    });
    const replication = await http.get<{ byLevel: unknown[] }>(w.auditor, `/stats/replication?movementId=${w.mainMovementId}&minPosition=${http.lastPosition}`);
    const adopters = new Set(main().flatMap((p) => p.adopters.map((u) => u.id)));
    expect(replication.byLevel).toEqual([{ level: 'province', adoptingUnits: adopters.size, replications: 6, initiatives: 3 }]);
  });

  it('the member from a nominating ward is recused automatically from every dossier of that ward, and votes on the others', () => {
    const ward = plans.filter((p) => p.unit.id === w.recusedUnit.id && p.cycles.length > 0);
    expect(ward.length).toBeGreaterThan(10);
    expect(journal.recusedBallots).toHaveLength(ward.reduce((sum, p) => sum + p.cycles.length, 0));
    expect(new Set(journal.recusedBallots.map((r) => `${r.status} ${r.code}`))).toEqual(new Set(['403 CONFLICT_OF_INTEREST']));
    for (const p of ward) {
      for (const review of views.get(p.id)?.reviews ?? []) {
        expect(review.recusals).toContainEqual({ memberId: w.recusedMember, reason: 'automatic:nominating_unit' });
        expect(review.voters).not.toContain(w.recusedMember);
      }
    }
    const elsewhere = plans.filter((p) => p.unit.id !== w.recusedUnit.id && views.get(p.id)?.review?.voters.includes(w.recusedMember));
    expect(elsewhere.length).toBeGreaterThan(100);
  });

  it('a consultation runs five working days: closing it earlier is refused, and so is an objection after it', () => {
    const consulted = plans.filter((p) => p.cycles.some((c) => c.objections !== undefined));
    expect(consulted).toHaveLength(130 + 8);
    expect(journal.earlyCloses).toHaveLength(consulted.length);
    expect(new Set(journal.earlyCloses.map((r) => `${r.status} ${r.code}`))).toEqual(new Set(['422 GUARD_FAILED']));
    for (const p of consulted) {
      // Opened on Monday 16 June at 02:00 UTC; five working days later is Monday 23 June.
      expect(views.get(p.id)?.consultations[0]).toMatchObject({ closesAt: '2025-06-23T02:00:00.000Z' });
    }
    expect(journal.lateObjections).toEqual([expect.objectContaining({ status: 422, code: 'GUARD_FAILED' })]);
  });

  it('an upheld objection sends the dossier back for a new review cycle, and an open one blocks the decision until resolved', async () => {
    const upheld = plans.filter((p) => p.cycles.some((c) => c.objections?.includes('upheld')));
    expect(upheld).toHaveLength(1);
    const events = (await history(upheld[0])).events;
    const resolved = events.findIndex((e) => e.type === 'ObjectionResolved' && e.data.outcome === 'upheld');
    expect(events[resolved + 1]).toMatchObject({ type: 'StageChanged', data: { from: 'consultation', to: 'screening' } });
    expect(events.slice(resolved).find((e) => e.type === 'ReviewOpened')?.data).toMatchObject({ cycle: upheld[0].cycles.length });
    expect(views.get(upheld[0].id)).toMatchObject({ status: 'not_recommended', objections: [{ status: 'upheld' }] });

    expect(journal.blockedDecisions).toEqual([expect.objectContaining({ status: 422, code: 'GUARD_FAILED' })]);
    expect(views.get(journal.blockedDecisions[0].initiativeId)).toMatchObject({ status: 'published', objections: [{ status: 'dismissed' }] });
  });

  it('secret ballots record only who voted: every tally matches, no choice is readable anywhere, and each review key is gone', async () => {
    const box = api.app.get(BallotBox);
    const choiceWords = /"choice"|sealed|revealedChoices/i;
    for (const p of secret()) {
      const view = views.get(p.id) as InitiativeView;
      const c = p.cycles[0];
      expect(view.review).toMatchObject({ secretBallot: true, rule: { definitionId: w.secretDefinitionId, secretBallot: true } });
      expect(view.review).not.toHaveProperty('ballots');
      expect([...(view.review?.voters ?? [])].sort()).toEqual(c.ballots.map(([m]) => m).sort());
      const log = await history(p);
      expect(log.events.filter((e) => e.type === 'SecretBallotCast')).toHaveLength(c.ballots.length);
      expect(JSON.stringify(log)).not.toMatch(choiceWords);
      expect(JSON.stringify(view)).not.toMatch(choiceWords);
      for (const reviewId of journal.reviewIds.get(p.id) ?? []) expect(await box.hasKey(reviewId)).toBe(false);
    }
    const audit = await http.get<{ items: unknown[] }>(w.auditor, `/audit/events?stream=initiative-${secret()[0].id}&limit=500`);
    expect(audit.items.length).toBeGreaterThan(10);
    expect(JSON.stringify(audit)).not.toMatch(choiceWords);
  });

  it('the history as of just before each sampled decision shows no decision, and as of the decision shows it', async () => {
    const decided = plans.filter((p) => p.decision);
    const sample = [...decided.filter((p) => p.decision?.outcome === 'granted').slice(0, 10), ...decided.filter((p) => p.decision?.outcome === 'declined').slice(0, 4)];
    for (const p of sample) {
      const type = p.decision?.outcome === 'granted' ? 'AwardGranted' : 'AwardDeclined';
      const decision = (await history(p)).events.find((e) => e.type === type) as HistoryEntry;
      const before = await history(p, `?asOf=${encodeURIComponent(new Date(Date.parse(decision.recordedAt) - 1).toISOString())}`);
      expect(before.state).toMatchObject({ status: 'decision', awards: [] });
      expect(before.events.map((e) => e.type)).not.toContain(type);
      const after = await history(p, `?asOf=${encodeURIComponent(decision.recordedAt)}`);
      const awards = p.decision?.outcome === 'granted' ? [expect.objectContaining({ decisionNo: p.decision.decisionNo, revoked: false })] : [];
      expect(after.state).toMatchObject({ status: p.decision?.outcome === 'granted' ? 'awarded' : 'declined', awards });
    }
  });

  it('replication by three distinct units makes an initiative eligible, and it is nominated to the central council', async () => {
    const [escalated] = plans.filter((p) => p.escalated);
    const view = views.get(escalated.id) as InitiativeView;
    expect(view).toMatchObject({ status: 'nominated', level: 'national', councilId: w.nationalCouncilId, awards: [{ revoked: false }] });
    expect(view.replications).toHaveLength(3);
    const events = (await history(escalated)).events;
    const stages = events.filter((e) => e.type === 'StageChanged').map((e) => e.data.to);
    expect(stages.slice(stages.indexOf('published'))).toEqual(expect.arrayContaining(['replicating']));
    expect(stages.slice(-2)).toEqual(['eligible_for_escalation', 'nominated']);
    expect(events.find((e) => e.type === 'InitiativeEscalated')?.data).toMatchObject({ fromLevel: 'province', toLevel: 'national', councilId: w.nationalCouncilId });
  });

  it('a revoked award stays on record with its reason; nothing is erased', async () => {
    const [revoked] = plans.filter((p) => p.revoked);
    expect(views.get(revoked.id)?.awards).toEqual([
      expect.objectContaining({ decisionNo: revoked.decision?.decisionNo, revoked: true, revocation: expect.objectContaining({ reason: 'The pilot figures were falsified' }) }),
    ]);
    const types = (await history(revoked)).events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['AwardGranted', 'InitiativePublished', 'AwardRevoked']));
  });
});

describe('official documents generated from the log', () => {
  const file = async (who: string | null, path: string, status = 200): Promise<Buffer> => {
    const agent = who === null ? api.anonymous : api.as(who);
    const response = await agent
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    if (response.status !== status) throw new Error(`${who}: GET ${path} → ${response.status}, expected ${status}: ${String(response.body)}`);
    return response.body as Buffer;
  };
  const sample = async (name: string, bytes: Buffer) => writeFile(join(SAMPLES, name), bytes);
  const history = async (p: InitiativePlan) => (await http.get<{ events: HistoryEntry[] }>(w.auditor, `/initiatives/${p.id}/history`)).events;
  const awarded = () => plans.filter((p) => p.track === 'open' && p.decision?.outcome === 'granted');
  const secret = () => plans.filter((p) => p.track === 'secret' && p.cycles.length > 0);
  const decisionPath = `/decisions/${encodeURIComponent(DECISION)}`;

  it('the minutes and the ballot count record of every secret review carry the exact tally and no voter name beside a choice', async () => {
    expect(secret().length).toBe(20);
    const reviews = await Promise.all(
      secret().map(async (p) => {
        const events = await history(p);
        const closed = events.find((e) => e.type === 'ReviewClosed') as HistoryEntry;
        const base = `/initiatives/${p.id}/reviews/${closed.data.reviewId as string}`;
        const files = await Promise.all([
          file(w.secretary, `${base}/ballot-count.pdf`),
          file(w.secretary, `${base}/minutes.pdf`),
          file(w.authority, `${base}/ballot-count.docx`),
          file(w.auditor, `${base}/minutes.docx`),
        ]);
        return { events, closed, files };
      }),
    );
    const [first] = reviews;
    await Promise.all(['ballot-count.pdf', 'minutes.pdf', 'ballot-count.docx', 'minutes.docx'].map((name, k) => sample(name, first.files[k])));
    // One pdfjs process for all 40 PDFs.
    const texts = (await pdfPages(...reviews.flatMap((r) => [r.files[0], r.files[1]]))).map((pages) => flat(pages.join(' ')));
    for (const [i, { events, closed, files }] of reviews.entries()) {
      const tally = closed.data.tally as Record<string, number>;
      const [ballot, minutes] = [texts[2 * i], texts[2 * i + 1]];
      const [ballotDocx] = [files[2]];
      const valid = tally.approve + tally.reject + tally.abstain;
      const percentage = (tally.approvalBase > 0 ? Math.round((tally.approve / tally.approvalBase) * 10000) / 100 : 0).toFixed(2);
      for (const text of [ballot, flat(await docxText(ballotDocx))]) {
        expect(text).toContain(`Số phiếu phát ra (thành viên có quyền biểu quyết) ${tally.eligible}`);
        expect(text).toContain(`Số phiếu thu về (đã bỏ phiếu) ${tally.voted}`);
        expect(text).toContain(`Số phiếu hợp lệ ${valid}`);
        expect(text).toContain(`Số phiếu đồng ý ${tally.approve}`);
        expect(text).toContain(`Số phiếu không đồng ý ${tally.reject}`);
        expect(text).toContain(`Số phiếu không biểu quyết ${tally.abstain}`);
        expect(text).toContain(`Tỷ lệ đồng ý (%) ${percentage}`);
        expect(text).toContain('Ngưỡng thông qua từ 2/3');
        expect(text).toContain(closed.data.outcome === 'recommended' ? 'Kết quả: Đề nghị khen thưởng' : 'Kết quả: Không đề nghị khen thưởng');
        for (const name of MEMBER_NAMES) expect(text).not.toContain(name);
        expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      }
      // Who voted appears as attendance; the tally below it names nobody.
      const voters = events.filter((e) => e.type === 'SecretBallotCast').map((e) => e.data.memberId as string);
      expect(voters.length).toBe(tally.voted);
      const [attendance, rest] = minutes.split('Tổng hợp điểm theo tiêu chí');
      expect(attendance).toContain(`Thành viên có mặt (đã biểu quyết): `);
      expect(MEMBER_NAMES.filter((n) => attendance.includes(n)).length).toBeGreaterThanOrEqual(tally.voted);
      for (const name of MEMBER_NAMES) expect(rest).not.toContain(name);
      expect(rest).toContain(`Đồng ý ${tally.approve} Không đồng ý ${tally.reject} Không biểu quyết ${tally.abstain}`);
      expect(rest).toContain(`${(closed.data.rule as { definitionId: string }).definitionId} (v1)`);
      const minutesDocx = flat(await docxText(files[3]));
      expect(minutesDocx).toContain(`Đồng ý ${tally.approve} Không đồng ý ${tally.reject} Không biểu quyết ${tally.abstain}`);
      for (const name of MEMBER_NAMES) expect(minutesDocx.split('Tổng hợp điểm theo tiêu chí')[1]).not.toContain(name);
    }
  });

  it("the award decision's attached list has exactly the 119 awardees of the decision number, with Vietnamese diacritics intact", async () => {
    const [pdf, docx] = await Promise.all([file(w.auditor, `${decisionPath}.pdf`), file(w.auditor, `${decisionPath}.docx`)]);
    await Promise.all([sample('decision.pdf', pdf), sample('decision.docx', docx)]);
    const text = flat((await pdfPages(pdf))[0].join(' '));
    expect(text).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain(`Số: ${DECISION}`);
    expect(text).toContain('Về việc tặng Bằng khen');
    expect(text).toContain('Điều 1. Tặng Bằng khen cho 119 sáng kiến, mô hình');
    const word = await docxText(docx);
    const titles = awarded().map((p) => p.title);
    expect(titles).toHaveLength(119);
    for (const title of titles) expect(flat(word)).toContain(title);
    // Numbered lines 1…119 and no 120th.
    expect(word).toMatch(/\n119\n/);
    expect(word).not.toMatch(/\n120\n/);
    const other = plans.filter((p) => p.track === 'open' && p.decision?.outcome !== 'granted').map((p) => p.title);
    for (const title of other) expect(flat(word)).not.toContain(title);
    // Through an awardee: its n-th award's decision is the same document.
    const viaInitiative = await file(w.secretary, `/initiatives/${awarded()[0].id}/decisions/1.pdf`);
    expect(flat((await pdfPages(viaInitiative))[0].join(' '))).toEqual(text);
  });

  it('one PDF holds a certificate for each of the 119 awards, every one a Bằng khen naming its unit', async () => {
    const started = Date.now();
    const pdf = await file(w.auditor, `${decisionPath}/certificates.pdf`);
    const ms = Date.now() - started;
    await sample('certificates.pdf', pdf);
    const pages = (await pdfPages(pdf))[0].map(flat);
    expect(pages).toHaveLength(119);
    for (const p of awarded()) {
      const mine = pages.filter((page) => page.includes(p.title));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toContain('BẰNG KHEN');
      expect(mine[0]).toContain(p.unit.name);
      expect(mine[0]).toContain(`Quyết định số ${DECISION}, ngày 01/07/2025`);
    }
    console.log(`certificates of one decision: 119 pages in ${ms} ms over HTTP`);
    const single = await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.pdf`);
    await sample('certificate.pdf', single);
    await sample('certificate.docx', await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.docx`));
    await sample('certificate-en.pdf', await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.pdf?lang=en`));
    expect(flat((await pdfPages(single))[0][0])).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI');
  });

  it("the council's submission lists the nominees it recommended that day, with their tallies and the consultation's outcome", async () => {
    const recommended = plans.filter((p) => p.cycles[0]?.outcome === 'recommended');
    const [pdf, docx] = await Promise.all([file(w.authority, `/councils/${w.councilId}/submissions/2025-06-02.pdf`), file(w.secretary, `/councils/${w.councilId}/submissions/2025-06-02.docx`)]);
    await Promise.all([sample('submission.pdf', pdf), sample('submission.docx', docx)]);
    const text = flat(await docxText(docx));
    expect(text).toContain(`kính trình Chủ tịch Ủy ban nhân dân thành phố Hà Nội xem xét, quyết định khen thưởng ${recommended.length} sáng kiến, mô hình`);
    for (const p of recommended) expect(text).toContain(p.title);
    expect(text).toMatch(/Đã kết thúc: \d+ ý kiến, 0 được chấp nhận, \d+ bác bỏ/);
    expect(flat((await pdfPages(pdf))[0].join(' '))).toContain('TỜ TRÌNH');
    await file(w.users.find((u) => u.roles.includes('unit_officer'))?.id ?? '', `/councils/${w.councilId}/submissions/2025-06-02.pdf`, 404);
    await file(w.secretary, `/councils/${w.councilId}/submissions/2025-06-03.pdf`, 404);
    await file(w.secretary, `/councils/${w.councilId}/submissions/2025-13-01.pdf`, 400);
  });

  it('result notices tell the nominating unit of a return, a decline and a revocation, with the reason', async () => {
    const returned = plans.find((p) => p.screening === 'returned_resubmitted') as InitiativePlan;
    const declined = plans.find((p) => p.track === 'open' && p.decision?.outcome === 'declined') as InitiativePlan;
    const revoked = plans.find((p) => p.revoked) as InitiativePlan;
    const notice = async (p: InitiativePlan, type: string, format = 'pdf') => {
      const list = await http.get<{ notices: { n: number; type: string; notice: string }[] }>(p.unit.officer, `/initiatives/${p.id}/documents`);
      const entry = list.notices.find((x) => x.type === type) as { notice: string };
      return file(p.unit.officer, entry.notice.replace('/api/v1', '').replace(/pdf$/, format));
    };
    const [r, d, v] = await Promise.all([notice(returned, 'DossierReturned'), notice(declined, 'AwardDeclined'), notice(revoked, 'AwardRevoked')]);
    await Promise.all([sample('notice-returned.pdf', r), sample('notice-declined.pdf', d), sample('notice-revoked.pdf', v)]);
    const [rt, dt, vt] = (await pdfPages(r, d, v)).map((pages) => flat(pages.join(' ')));
    expect(rt).toContain('Lý do: The achievement report is not signed by the unit head');
    expect(dt).toContain('Lý do: Lower score than the awarded initiatives');
    expect(vt).toContain(`Quyết định khen thưởng số ${DECISION}`);
    expect(vt).toContain('Căn cứ: Law on Emulation and Commendation 2022, art. 92');
    await sample('notice-declined.docx', await notice(declined, 'AwardDeclined', 'docx'));
  });

  it('documents follow the read rules of the data they show', async () => {
    const p = secret()[0];
    const reviewId = ((await history(p)).find((e) => e.type === 'ReviewClosed') as HistoryEntry).data.reviewId as string;
    const stranger = w.nominating.find((u) => u.id !== p.unit.id && u.level === 'grassroots' && u.id !== w.recusedUnit.id)?.officer as string;
    await file(stranger, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`, 404);
    await file(w.citizen, `/initiatives/${p.id}/reviews/${reviewId}/ballot-count.pdf`, 404);
    await file(null, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`, 401);
    await file(p.unit.officer, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`);
    await file(w.citizen, `${decisionPath}.pdf`); // every award on it was published: the decision is public
    await file(w.secretary, `/initiatives/${p.id}/decisions/0.pdf`, 400);
    await file(w.secretary, `/initiatives/${p.id}/reviews/${reviewId}/ballot-count.pdf?lang=fr`, 400);
  });

  it("the XLSX report's totals equal /stats/initiatives and /stats/funnel for the same filter, numbers as numbers", async () => {
    const at = `movementId=${w.mainMovementId}&year=2025&minPosition=${http.lastPosition}`;
    const xlsx = await file(w.auditor, `/stats/report.xlsx?unitId=${w.national.id}&${at}`);
    await sample('statistics.xlsx', xlsx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const rows = (name: string) => (book.getWorksheet(name)?.getSheetValues() ?? []).filter(Boolean).slice(1) as unknown[][];
    const stats = await http.get<{ total: number; groups: { level: string | null; field: string; year: number; count: number }[] }>(w.auditor, `/stats/initiatives?${at}&groupBy=level,field,year`);
    const funnel = await http.get<Record<string, number>>(w.auditor, `/stats/funnel?${at}`);
    const initiatives = rows('initiatives');
    expect(initiatives.every((r) => typeof r[4] === 'number' && typeof r[3] === 'number')).toBe(true);
    expect(initiatives.reduce((s, r) => s + (r[4] as number), 0)).toBe(stats.total);
    expect(initiatives.map((r) => [r[1] || null, r[2], r[3], r[4]]).sort()).toEqual(stats.groups.map((g) => [g.level, g.field, g.year, g.count]).sort());
    expect(Object.fromEntries(rows('funnel').map((r) => [r[1], r[2]]))).toEqual(funnel);
    expect(stats.total).toBe(500);
    expect(book.worksheets.map((s) => s.name)).toEqual(['initiatives', 'status', 'awards', 'replications', 'funnel', 'movements', 'units']);
    const awards = rows('awards');
    // By the level each initiative stands at now: the escalated one counts at the national level.
    expect(awards.every((r) => r[1] === 'certificate_of_merit')).toBe(true);
    expect(awards.reduce((s, r) => s + (r[3] as number), 0)).toBe(119);
    expect(awards.reduce((s, r) => s + (r[4] as number), 0)).toBe(1);
    // A district and its wards only.
    const district = w.nominating.find((u) => u.level === 'district') as World['units'][number];
    const csv = (await file(w.auditor, `/stats/report.csv?unitId=${district.id}&table=funnel&${at}`)).toString('utf8');
    await sample('statistics-district-funnel.csv', Buffer.from(csv));
    const inDistrict = plans.filter((p) => p.track === 'open' && (p.unit.id === district.id || p.unit.parentId === district.id));
    expect(csv.split('\r\n')[1]).toBe(`registered,${inDistrict.length}`);
    await file(w.auditor, `/stats/report.xlsx?unitId=nope-${w.tag}`, 404);
  });

  it('the audit log of a filter comes as CSV, every event, no ballot secret', async () => {
    const p = secret()[0];
    const csv = (await file(w.auditor, `/audit/events.csv?stream=initiative-${p.id}`)).toString('utf8');
    await sample('audit-events.csv', Buffer.from(csv));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('position,recorded_at,stream,version,type,actor_id,correlation_id,event_id,data');
    expect(lines.length - 1).toBe((await history(p)).length);
    expect(csv).not.toMatch(/sealedChoice|"choice"/);
    await file(w.secretary, `/audit/events.csv?stream=initiative-${p.id}`, 403);
  });

  it("a movement's preliminary summary comes as a PDF of the counts the log froze", async () => {
    await http.post(w.boardAdmin, `/movements/${w.secretMovementId}/summaries`, { kind: 'preliminary', note: 'Sơ kết 6 tháng' });
    const pdf = await file(w.auditor, `/movements/${w.secretMovementId}/summaries/preliminary.pdf`);
    await sample('movement-summary.pdf', pdf);
    const text = flat((await pdfPages(pdf))[0].join(' '));
    expect(text).toContain('BÁO CÁO SƠ KẾT');
    expect(text).toContain('Tổng số: 20');
    await file(w.auditor, `/movements/${w.secretMovementId}/summaries/final.pdf`, 404);
  });

  it('/public/verify says a genuine document matches and what it attests, and that an altered copy does not', async () => {
    const codeOf = async (pdf: Buffer) => {
      const [code] = await pdfCodes(pdf);
      // The code printed under the QR is the one in the metadata.
      expect(flat((await pdfPages(pdf))[0].join(' ')).replace(/\s/g, '')).toContain(code);
      return code as string;
    };
    const p = awarded()[2];
    const certificate = await file(w.citizen, `/initiatives/${p.id}/decisions/1/certificate.pdf`);
    const certCode = await codeOf(certificate);
    const decisionCode = await codeOf(await file(w.auditor, `${decisionPath}.pdf`));
    const s = secret()[0];
    const reviewId = ((await history(s)).find((e) => e.type === 'ReviewClosed') as HistoryEntry).data.reviewId as string;
    const ballotCode = await codeOf(await file(w.secretary, `/initiatives/${s.id}/reviews/${reviewId}/ballot-count.pdf`));
    const verify = (code: string, status = 200) => api.anonymous.get(`/public/verify/${code}`).expect(status).then((r) => r.body as { matches: boolean; attests?: Record<string, unknown> });

    const genuine = await verify(certCode);
    expect(genuine).toMatchObject({ matches: true, kind: 'certificate', subject: [p.id, '1'], attests: { decisionNo: DECISION, awardForm: 'certificate_of_merit', level: 'province', title: p.title } });
    expect(await verify(decisionCode)).toMatchObject({ matches: true, attests: { decisionNo: DECISION, recipients: 119 } });
    const ballot = await verify(ballotCode);
    expect(ballot).toMatchObject({ matches: true, kind: 'ballot-count' });
    for (const name of [...MEMBER_NAMES, ...w.members]) expect(JSON.stringify(ballot)).not.toContain(name);

    // The facts of the copy altered: their hash no longer matches; nor does another position.
    const ref = decodeVerificationCode(certCode)!;
    expect((await verify(encodeVerificationCode({ ...ref, hash: ref.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }))).matches).toBe(false);
    expect((await verify(encodeVerificationCode({ ...ref, subject: [p.id, '2'] }))).matches).toBe(false);
    expect(await verify(encodeVerificationCode({ ...ref, position: decodeVerificationCode(decisionCode)!.position }))).toEqual({ kind: 'certificate', subject: [p.id, '1'], position: expect.any(String), coveredBy: null, matches: false, detail: expect.any(String) });
    await verify('not-a-code', 400);

    // The log altered behind Laurel's back: the awardee's decision number changed in the database.
    const db = api.app.get(Pool);
    const stream = `initiative-${p.id}`;
    const { rows } = await db.query<{ event_id: string; data: unknown }>(`SELECT event_id, data FROM es_events WHERE stream_name = $1 AND event_type = 'AwardGranted'`, [stream]);
    await db.query(`UPDATE es_events SET data = jsonb_set(data, '{decisionNo}', '"911/QĐ-UBND"') WHERE stream_name = $1 AND event_type = 'AwardGranted'`, [stream]);
    try {
      expect((await verify(certCode)).matches).toBe(false);
      expect((await verify(decisionCode)).matches).toBe(false);
      expect((await verify(ballotCode)).matches).toBe(true);
    } finally {
      // Later tests share the run's database (and verify its hash chains): restore the event.
      for (const row of rows) await db.query('UPDATE es_events SET data = $2 WHERE event_id = $1', [row.event_id, JSON.stringify(row.data)]);
    }
  });
});
