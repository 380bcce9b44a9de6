import { BallotBox } from '@laurel/application';
import type { ApiHarness } from '../api-harness';
import { FIELDS, type World } from './creative-solidarity.world';
import { MAIN, SECRET, type InitiativePlan } from './creative-solidarity.plan';
import { expectedFunnel, expectedGroups, expectedLevel, expectedOutline, expectedStatus, outlineOf, type InitiativeView, type RubricCriterion } from './creative-solidarity.expectations';
import type { Journal } from './creative-solidarity.steps';
import type { HttpClient } from './http-client';
import type { History, HistoryEntry, ScenarioRun } from './creative-solidarity.session';

/** The movement's end-to-end checks over the scenario's log (api.md, domain.md rules by name). */
export function movementChecks(run: ScenarioRun): void {
  describe('the Creative Solidarity movement, end to end over HTTP', () => {
    let api!: ApiHarness;
    let http!: HttpClient;
    let w!: World;
    let plans!: InitiativePlan[];
    let rubric!: RubricCriterion[];
    let journal!: Journal;
    let views!: Map<string, InitiativeView>;
    beforeAll(() => ({ api, http, w, plans, rubric, journal, views } = run));
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
}
