import { ApiHarness } from '../../../../test/api-harness';
import { DOCUMENTS, buildWorld, register, screened, send, type World } from './testing/initiative-fixtures';

/*
 * GET /initiatives/{id}/review (the secretary's progress page) and POST /initiatives/{id}/review/reminders:
 * who has scored and voted, never what; reminders to those who still owe, as a notification each.
 */

const CHOICE_WORDS = /approve|reject|abstain|"choice"|sealed/i;

describe('review progress and reminders (API)', () => {
  let api: ApiHarness;
  let open: World;
  let secret: World;

  beforeAll(async () => {
    api = await ApiHarness.start();
    open = await buildWorld(api);
    secret = await buildWorld(api, { workflowId: 'annual-emulation-title', members: 3 });
  }, 90_000);

  afterAll(async () => {
    await api?.close();
  });

  it('the progress of a secret review shows who voted and no choice; once closed the tally and the rule', async () => {
    const w = secret;
    const id = await register(w);
    await send(w.f.as(w.officer), `/initiatives/${id}/self-assessment`, { summary: 'All targets met', selfScore: 95 });
    await send(w.f.as(w.officer), `/initiatives/${id}/nomination`, { awardForm: 'emulation_fighter', councilId: w.councilId, statement: 'Three years running', documents: DOCUMENTS });
    await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
    await send(w.f.as(w.members[0]!), `/initiatives/${id}/review/ballots`, { choice: 'reject' });

    const progress = await api.as(w.secretary).get(`/initiatives/${id}/review`).expect(200);
    expect(progress.body).toMatchObject({ status: 'open', secretBallot: true, eligible: 3, voted: 1, tally: null, rule: null });
    const byMember = Object.fromEntries((progress.body.members as { memberId: string }[]).map((m) => [m.memberId, m]));
    expect(byMember[w.members[0]!]).toMatchObject({ voted: true, owing: false, recused: false });
    expect(byMember[w.members[1]!]).toMatchObject({ voted: false, owing: true });
    expect(byMember[w.colleague]).toMatchObject({ recused: true, recusalReason: 'automatic:nominating_unit', owing: false });
    expect(JSON.stringify(progress.body)).not.toMatch(CHOICE_WORDS);

    for (const m of w.members.slice(1)) await send(w.f.as(m), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    const closed = await send(w.f.as(w.secretary), `/initiatives/${id}/review/close`, {});
    const after = await api.as(w.secretary).get(`/initiatives/${id}/review`).query({ minPosition: closed.position }).expect(200);
    expect(after.body).toMatchObject({ status: 'closed', outcome: 'not_recommended', tally: { voted: 3, approve: 2, reject: 1, eligible: 3 }, rule: { secretBallot: true, definitionId: 'annual-emulation-title' } });
    expect(JSON.stringify(after.body.members)).not.toMatch(CHOICE_WORDS);
  });

  it('reminders go to members who have not voted (or not scored), recorded as ReviewersReminded naming no choice', async () => {
    const w = open;
    const id = await screened(w);
    await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
    const [done, votedOnly, ...rest] = w.members;
    await send(w.f.as(done!), `/initiatives/${id}/review/scores`, { scores: { novelty: 8, effectiveness: 9, scope: 7 } });
    await send(w.f.as(done!), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(w.f.as(votedOnly!), `/initiatives/${id}/review/ballots`, { choice: 'reject' });

    const result = await send(w.f.as(w.secretary), `/initiatives/${id}/review/reminders`, {});
    expect(result).toMatchObject({ id, version: expect.any(Number), position: expect.any(String) });
    expect([...result.reminded].sort()).toEqual([votedOnly!, ...rest].sort());

    const history = await api.as(w.secretary).get(`/initiatives/${id}/history`).expect(200);
    const reminded = (history.body.events as { type: string; data: Record<string, unknown> }[]).find((e) => e.type === 'ReviewersReminded');
    expect(reminded?.data).toMatchObject({ memberIds: expect.arrayContaining([votedOnly!, ...rest]) });
    expect(JSON.stringify(reminded)).not.toMatch(CHOICE_WORDS);

    // The dispatcher (not running in this harness) turns the event into notices: libs/notifications plan.spec.ts; the browser test sees the inbox.
    const progress = await api.as(w.secretary).get(`/initiatives/${id}/review`).expect(200);
    expect(progress.body.lastRemindedAt).toEqual(expect.any(String));
  });

  it('only a secretary of the assigned council reminds; a closed review and a review no one owes refuse', async () => {
    const w = open;
    const id = await screened(w);
    await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
    expect((await api.as(w.members[0]!).post(`/initiatives/${id}/review/reminders`).send({})).body.code).toBe('FORBIDDEN');
    expect((await api.as(w.otherSecretary).post(`/initiatives/${id}/review/reminders`).send({})).body.code).toBe('FORBIDDEN');
    for (const m of w.members) {
      await send(w.f.as(m), `/initiatives/${id}/review/scores`, { scores: { novelty: 8, effectiveness: 9, scope: 7 } });
      await send(w.f.as(m), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    }
    const none = await api.as(w.secretary).post(`/initiatives/${id}/review/reminders`).send({});
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 409, code: 'NOTHING_OWED' });
    await send(w.f.as(w.secretary), `/initiatives/${id}/review/close`, {});
    const closed = await api.as(w.secretary).post(`/initiatives/${id}/review/reminders`).send({});
    expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 409, code: 'REVIEW_CLOSED' });
    expect((await api.as(w.secretary).post(`/initiatives/${id}/review/reminders`).send({ memberIds: ['x'] })).status).toBe(400);
  });

  it('the progress is for those who may read the dossier; none before a review opens', async () => {
    const w = open;
    const id = await register(w);
    expect((await api.as(w.secretary).get(`/initiatives/${id}/review`)).status).toBe(404);
    expect((await api.as(w.otherOfficer).get(`/initiatives/${id}/review`)).status).toBe(404);
  });
});
