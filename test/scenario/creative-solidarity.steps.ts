import type { CyclePlan, InitiativePlan } from './creative-solidarity.plan';
import type { World } from './creative-solidarity.world';
import type { HttpClient } from './http-client';

/*
 * What the people do to one initiative in each phase of the scenario, over HTTP, in the order they
 * would do it. Every call states the status it must get; refusals the rules demand are recorded in
 * the journal for the test to look at.
 */

const sha = (seed: string) => seed.repeat(64).slice(0, 64);
const DOCUMENTS = [
  { name: 'request_letter', sha256: sha('a'), url: 'https://mattran.hanoi.example/letters/request.pdf' },
  { name: 'achievement_report', sha256: sha('b') },
];

export interface Refusal {
  initiativeId: string;
  status: number;
  code?: string;
}

export interface Journal {
  /** A registration in a field the movement does not run (a misspelt field id). */
  strayFields: Refusal[];
  /** A recused member trying to vote on a dossier of their own ward. */
  recusedBallots: Refusal[];
  /** Closing a consultation before its window ended. */
  earlyCloses: Refusal[];
  /** An objection filed after the window ended. */
  lateObjections: Refusal[];
  /** A decision attempted while an objection was still open. */
  blockedDecisions: Refusal[];
  /** The reviews opened, per initiative, in order. */
  reviewIds: Map<string, string[]>;
}

export const newJournal = (): Journal => ({ strayFields: [], recusedBallots: [], earlyCloses: [], lateObjections: [], blockedDecisions: [], reviewIds: new Map() });

export class InitiativeSteps {
  /** Objections still open, per initiative, to be resolved after the consultation closed. */
  private readonly openObjections = new Map<string, string[]>();

  constructor(
    private readonly http: HttpClient,
    private readonly w: World,
    private readonly journal: Journal,
    private readonly today: () => string,
  ) {}

  private at(p: InitiativePlan, suffix = '') {
    return `/initiatives/${p.id}${suffix}`;
  }

  async register(p: InitiativePlan): Promise<void> {
    const body = { id: p.id, movementId: p.movementId, unitId: p.unit.id, title: p.title, summary: `${p.title}: a model of ${p.unit.name}`, field: p.field, authors: [{ name: p.author }] };
    await this.http.post(p.unit.officer, '/initiatives', body, 201);
  }

  /** The officer misspells the field; the application is refused, and registered right afterwards. */
  async registerInStrayField(p: InitiativePlan): Promise<void> {
    const body = { id: p.id, movementId: p.movementId, unitId: p.unit.id, title: p.title, summary: 'Misfiled', field: p.field.replace('_', '-'), authors: [{ name: p.author }] };
    const refused = await this.http.post(p.unit.officer, '/initiatives', body, 400);
    this.journal.strayFields.push({ initiativeId: p.id, status: 400, code: refused.code });
  }

  async cultivate(p: InitiativePlan): Promise<void> {
    for (let i = 1; i <= p.progressReports; i++) {
      await this.http.post(p.unit.officer, this.at(p, '/progress-reports'), { summary: `Pilot report ${i}`, indicators: { households: 40 * i + (p.n % 50) } });
    }
    if (p.withdrawnWhileCultivating) await this.http.post(p.unit.officer, this.at(p, '/withdrawal'), { reason: 'The pilot could not continue this year' });
  }

  async nominate(p: InitiativePlan): Promise<void> {
    if (p.screening === 'none') return;
    const body = { awardForm: 'certificate_of_merit', councilId: this.w.councilId, statement: `${p.unit.name} proposes "${p.title}"`, documents: DOCUMENTS };
    await this.http.post(p.unit.officer, this.at(p, '/nomination'), body);
  }

  async screen(p: InitiativePlan): Promise<void> {
    if (p.screening === 'none') return;
    const returned = p.screening === 'returned_resubmitted' || p.screening === 'returned_withdrawn';
    await this.http.post(this.w.secretary, this.at(p, '/screening'), returned ? { outcome: 'returned', reason: 'The achievement report is not signed by the unit head' } : { outcome: 'accepted' });
  }

  async answerReturn(p: InitiativePlan): Promise<void> {
    if (p.screening === 'returned_resubmitted') {
      const signed = { name: 'achievement_report', sha256: sha('c') };
      await this.http.post(p.unit.officer, this.at(p, '/resubmission'), { statement: 'With the signed achievement report', documents: [signed] });
    } else if (p.screening === 'returned_withdrawn') {
      await this.http.post(p.unit.officer, this.at(p, '/withdrawal'), { reason: 'The unit will apply next year' });
    }
  }

  async screenResubmitted(p: InitiativePlan): Promise<void> {
    if (p.screening === 'returned_resubmitted') await this.http.post(this.w.secretary, this.at(p, '/screening'), { outcome: 'accepted' });
  }

  /** One review cycle: opened by the secretary, conflicts declared, scores and ballots, closed. */
  async review(p: InitiativePlan, index: number): Promise<void> {
    const c = p.cycles[index];
    if (!c) return;
    const opened = await this.http.post(this.w.secretary, this.at(p, '/review'), {});
    this.journal.reviewIds.set(p.id, [...(this.journal.reviewIds.get(p.id) ?? []), opened.reviewId ?? '']);
    for (const r of c.recusals.filter((r) => r.reason === 'declared_conflict')) {
      await this.http.post(r.memberId, this.at(p, '/review/conflicts'), { reason: 'My relative leads this pilot' });
    }
    if (c.recusals.some((r) => r.reason === 'automatic:nominating_unit')) {
      const refused = await this.http.post(this.w.recusedMember, this.at(p, '/review/ballots'), { choice: 'approve' }, 403);
      this.journal.recusedBallots.push({ initiativeId: p.id, status: 403, code: refused.code });
    }
    const scores = new Map(c.scores);
    for (const [memberId, choice] of c.ballots) {
      const sheet = scores.get(memberId);
      if (sheet) await this.http.post(memberId, this.at(p, '/review/scores'), { scores: sheet, comment: 'Scored against the rubric' });
      await this.http.post(memberId, this.at(p, '/review/ballots'), { choice });
    }
    await this.http.post(this.w.secretary, this.at(p, '/review/close'), {});
  }

  /** The cycle whose recommendation goes to the public, if any. */
  consulted(p: InitiativePlan): CyclePlan | undefined {
    return p.cycles.find((c) => c.objections !== undefined);
  }

  async openConsultation(p: InitiativePlan): Promise<void> {
    if (!this.consulted(p)) return;
    await this.http.post(this.w.secretary, this.at(p, '/consultation'), {});
    const early = await this.http.post(this.w.worker, this.at(p, '/consultation/close'), {}, 422);
    this.journal.earlyCloses.push({ initiativeId: p.id, status: 422, code: early.code });
  }

  async object(p: InitiativePlan): Promise<void> {
    const objections = this.consulted(p)?.objections ?? [];
    for (const [i, outcome] of objections.entries()) {
      // The public objects without an account, or with one (the citizen), as they please.
      const who = i % 2 === 0 ? null : this.w.citizen;
      const filed = await this.http.post(who, this.at(p, '/consultation/objections'), { text: 'The reported number of households is inflated', contact: 'resident@example.vn' });
      const objectionId = filed.objectionId ?? '';
      if (outcome === 'dismissed_after_close') {
        this.openObjections.set(p.id, [...(this.openObjections.get(p.id) ?? []), objectionId]);
        continue;
      }
      const reason = outcome === 'upheld' ? 'Verified on site: only half the households took part' : 'Verified on site: the figures are right';
      await this.http.post(this.w.secretary, this.at(p, `/consultation/objections/${objectionId}/resolution`), { outcome, reason });
    }
  }

  /** The next cycle after an upheld objection sent the dossier back to the council. */
  async reReview(p: InitiativePlan): Promise<void> {
    const c = this.consulted(p);
    if (c?.objections?.includes('upheld')) await this.review(p, p.cycles.indexOf(c) + 1);
  }

  async closeConsultation(p: InitiativePlan, lateObjection: boolean): Promise<void> {
    const c = this.consulted(p);
    if (!c || c.objections?.includes('upheld')) return;
    if (lateObjection) {
      const late = await this.http.post(null, this.at(p, '/consultation/objections'), { text: 'Too late, but still' }, 422);
      this.journal.lateObjections.push({ initiativeId: p.id, status: 422, code: late.code });
    }
    // The worker closes consultations when their window ends; the secretary may do it too.
    await this.http.post(p.n % 10 === 0 ? this.w.secretary : this.w.worker, this.at(p, '/consultation/close'), {});
  }

  async decide(p: InitiativePlan): Promise<void> {
    if (!p.decision) return;
    const granted = { outcome: 'granted', decisionNo: p.decision.decisionNo, decidedOn: this.today(), signedBy: 'Chairman of the Hanoi Fatherland Front Committee' };
    const open = this.openObjections.get(p.id) ?? [];
    if (open.length > 0) {
      const blocked = await this.http.post(this.w.authority, this.at(p, '/decision'), granted, 422);
      this.journal.blockedDecisions.push({ initiativeId: p.id, status: 422, code: blocked.code });
      for (const objectionId of open) {
        await this.http.post(this.w.secretary, this.at(p, `/consultation/objections/${objectionId}/resolution`), { outcome: 'dismissed', reason: 'Checked with the ward: unfounded' });
      }
    }
    const body = p.decision.outcome === 'granted' ? granted : { outcome: 'declined', reason: 'Lower score than the awarded initiatives' };
    await this.http.post(this.w.authority, this.at(p, '/decision'), body);
  }

  async publish(p: InitiativePlan): Promise<void> {
    if (p.decision?.outcome !== 'granted') return;
    await this.http.post(this.w.secretary, this.at(p, '/publication'), { channel: 'Creative Solidarity yearbook 2025', url: `https://mattran.hanoi.example/yearbook/${p.n + 1}` });
  }

  async replicate(p: InitiativePlan): Promise<void> {
    for (const [i, adopter] of p.adopters.entries()) {
      const reported = await this.http.post(adopter.officer, this.at(p, '/replications'), { adoptingUnitId: adopter.id, startedOn: this.today(), note: `Adopted by ${adopter.name}` });
      if (i === 0) await this.http.post(adopter.officer, this.at(p, `/replications/${reported.replicationId}/results`), { outcome: 'Adopted by 60 households', indicators: { households: 60 } });
    }
  }

  async escalate(p: InitiativePlan): Promise<void> {
    if (p.escalated) await this.http.post(p.unit.officer, this.at(p, '/escalation'), { councilId: this.w.nationalCouncilId });
  }

  async revoke(p: InitiativePlan): Promise<void> {
    if (p.revoked) await this.http.post(this.w.authority, this.at(p, '/revocation'), { reason: 'The pilot figures were falsified', legalBasis: 'Law on Emulation and Commendation 2022, art. 92' });
  }
}
