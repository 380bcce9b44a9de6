import { BallotBox } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { ApiHarness } from '../../../../test/api-harness';
import { DOCUMENTS, buildWorld, register, screened, send, type World } from './testing/initiative-fixtures';

/** A secret-ballot initiative (annual-emulation-title) nominated to the world's council. */
async function nominatedForSecretBallot(w: World): Promise<string> {
  const id = await register(w);
  await send(w.f.as(w.officer), `/initiatives/${id}/self-assessment`, { summary: 'All targets met', selfScore: 95 });
  await send(w.f.as(w.officer), `/initiatives/${id}/nomination`, { awardForm: 'emulation_fighter', councilId: w.councilId, statement: 'Three years running', documents: DOCUMENTS });
  return id;
}

const CHOICE_WORDS = /"choice"|approve"|reject"|abstain"|sealed/i;

describe('initiatives API: council review and ballots', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api.close());

  describe('open ballots', () => {
    let w: World;
    beforeAll(async () => {
      w = await buildWorld(api);
    });

    it('a member of another council gets 403 on ballots and scores', async () => {
      const id = await screened(w);
      await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      const ballot = await api.as(w.outsider).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(403);
      expect(ballot.body.code).toBe('NOT_COUNCIL_MEMBER');
      const scores = await api.as(w.outsider).post(`/initiatives/${id}/review/scores`).send({ scores: { novelty: 1, effectiveness: 1, scope: 1 } }).expect(403);
      expect(scores.body.code).toBe('NOT_COUNCIL_MEMBER');
    });

    it('a member from the nominating unit is recused when the review opens and may not vote (403 CONFLICT_OF_INTEREST)', async () => {
      const id = await screened(w);
      await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      const state = (await api.as(w.colleague).get(`/initiatives/${id}`).expect(200)).body;
      expect(state.review.recusals).toEqual([{ memberId: w.colleague, reason: 'automatic:nominating_unit' }]);
      expect(state.review.youAreRecused).toBe(true);
      expect(state.review.owingBallot).not.toContain(w.colleague);
      const vote = await api.as(w.colleague).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(403);
      expect(vote.body.code).toBe('CONFLICT_OF_INTEREST');
    });

    it('a declared conflict recuses the member; a second ballot is ALREADY_VOTED', async () => {
      const id = await screened(w);
      await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      await send(api.as(w.members[0]), `/initiatives/${id}/review/conflicts`, { reason: 'My sister leads the pilot' });
      expect((await api.as(w.members[0]).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(403)).body.code).toBe('CONFLICT_OF_INTEREST');
      await send(api.as(w.members[1]), `/initiatives/${id}/review/ballots`, { choice: 'reject' });
      expect((await api.as(w.members[1]).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(409)).body.code).toBe('ALREADY_VOTED');
    });
  });

  describe('secret ballots', () => {
    let w: World;
    let box: BallotBox;
    beforeAll(async () => {
      w = await buildWorld(api, { workflowId: 'annual-emulation-title', members: 10 });
      box = api.app.get(BallotBox);
    });

    it('records only that members voted, reveals only the tally, and destroys the key at close', async () => {
      const id = await nominatedForSecretBallot(w);
      const opened = await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      expect(opened).toEqual({ id, version: expect.any(Number), position: expect.any(String), reviewId: expect.any(String) });
      expect(await box.hasKey(opened.reviewId)).toBe(true);

      const choices = [...Array(9).fill('approve'), 'reject'];
      for (const [i, member] of w.members.entries()) {
        const cast = await send(api.as(member), `/initiatives/${id}/review/ballots`, { choice: choices[i] });
        expect(Object.keys(cast).sort()).toEqual(['id', 'position', 'version']);
      }
      const store = api.app.get<EventStore>(EVENT_STORE);
      const ballots = (await store.readStream(`initiative-${id}`)).filter((e) => e.type === 'SecretBallotCast');
      expect(ballots).toHaveLength(10);
      for (const ballot of ballots) {
        expect(Object.keys(ballot.data as object).sort()).toEqual(['castAt', 'initiativeId', 'memberId', 'reviewId', 'sealedChoice']);
        const sealed = (ballot.data as { sealedChoice: string }).sealedChoice;
        expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toMatch(/approve|reject|abstain/);
        expect(JSON.stringify(ballot)).not.toMatch(/"choice"/);
      }
      // Same choice, different ciphertext: nothing links equal ballots.
      expect(new Set(ballots.map((b) => (b.data as { sealedChoice: string }).sealedChoice)).size).toBe(10);

      const whileOpen = await api.as(w.auditor).get(`/initiatives/${id}`).expect(200);
      expect(JSON.stringify(whileOpen.body)).not.toMatch(CHOICE_WORDS);
      expect(whileOpen.body.review).toMatchObject({ secretBallot: true, voters: w.members, owingBallot: [] });

      const closed = await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
      expect(closed.reviewId).toBe(opened.reviewId);
      expect(await box.hasKey(opened.reviewId)).toBe(false);
      await expect(box.reveal(opened.reviewId, [(ballots[0].data as { sealedChoice: string }).sealedChoice])).rejects.toThrow(/gone/);

      const detail = await api.as(w.auditor).get(`/initiatives/${id}`).expect(200);
      expect(detail.body.status).toBe('recommended');
      expect(detail.body.review).toMatchObject({
        status: 'closed',
        outcome: 'recommended',
        tally: { eligible: 10, voted: 10, approve: 9, reject: 1, abstain: 0, approved: true },
        rule: { secretBallot: true, approval: { fraction: '90%', base: 'all_members' } },
      });
      expect(detail.body.review).not.toHaveProperty('ballots');
      const history = await api.as(w.auditor).get(`/initiatives/${id}/history`).expect(200);
      const secretCast = history.body.events.filter((e: { type: string }) => e.type === 'SecretBallotCast');
      expect(secretCast).toHaveLength(10);
      for (const e of secretCast) expect(Object.keys(e.data).sort()).toEqual(['castAt', 'initiativeId', 'memberId', 'reviewId']);
      // Beyond the tally's counts (in ReviewClosed), no choice appears anywhere in what is returned.
      const withoutTally = (body: unknown) => JSON.stringify(body, (key, value) => (key === 'tally' ? undefined : value));
      expect(withoutTally(detail.body)).not.toMatch(CHOICE_WORDS);
      expect(withoutTally(history.body)).not.toMatch(CHOICE_WORDS);
      for (const member of w.members) {
        const own = await api.as(member).get(`/initiatives/${id}/history`).expect(200);
        expect(withoutTally(own.body)).not.toMatch(CHOICE_WORDS);
      }
    });

    it('a plain choice never reaches the log of a secret review, and a second ballot is ALREADY_VOTED', async () => {
      const id = await nominatedForSecretBallot(w);
      const { reviewId } = await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      await send(api.as(w.members[0]), `/initiatives/${id}/review/ballots`, { choice: 'abstain' });
      expect((await api.as(w.members[0]).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(409)).body.code).toBe('ALREADY_VOTED');
      expect((await api.as(w.colleague).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(403)).body.code).toBe('CONFLICT_OF_INTEREST');
      // One vote of ten eligible: no quorum, back to nomination for a new cycle; the key goes all the same.
      await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
      expect(await box.hasKey(reviewId)).toBe(false);
      const state = (await api.as(w.auditor).get(`/initiatives/${id}`).expect(200)).body;
      expect(state).toMatchObject({ status: 'nominated', review: { outcome: 'no_quorum', tally: { voted: 1, abstain: 1 } } });
      expect((await api.as(w.members[1]).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' }).expect(409)).body.code).toBe('REVIEW_CLOSED');
      expect(await box.hasKey(reviewId)).toBe(false);
      const raw = JSON.stringify(await api.app.get<EventStore>(EVENT_STORE).readStream(`initiative-${id}`));
      expect(raw).not.toMatch(/"choice"/);
      expect(raw).not.toMatch(/revealedChoices/);
    });
  });

  describe('fifty members voting at the same instant', () => {
    let w: World;
    beforeAll(async () => {
      w = await buildWorld(api, { workflowId: 'annual-emulation-title', members: 50 });
    });

    it('every ballot lands: no 500, no lost vote, a tally of 50', async () => {
      const id = await nominatedForSecretBallot(w);
      await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
      const responses = await Promise.all(
        w.members.map((member, i) => api.as(member).post(`/initiatives/${id}/review/ballots`).send({ choice: i < 45 ? 'approve' : 'reject' })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(new Set(responses.map((r) => r.body.version)).size).toBe(50);
      await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
      const state = (await api.as(w.auditor).get(`/initiatives/${id}`).expect(200)).body;
      expect(state.review.voters).toHaveLength(50);
      expect(state.review).toMatchObject({ outcome: 'recommended', tally: { eligible: 50, voted: 50, approve: 45, reject: 5, approved: true } });
    });

    it('fifty open ballots at once on the recognition track land too', async () => {
      const open = await buildWorld(api, { members: 50 });
      const id = await screened(open);
      await send(api.as(open.secretary), `/initiatives/${id}/review`, {});
      const responses = await Promise.all(open.members.map((member) => api.as(member).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' })));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      await send(api.as(open.secretary), `/initiatives/${id}/review/close`, {});
      const state = (await api.as(open.auditor).get(`/initiatives/${id}`).expect(200)).body;
      expect(state.review.tally).toMatchObject({ voted: 50, approve: 50 });
      expect(state.review.ballots).toHaveLength(50);
    });
  });
});
