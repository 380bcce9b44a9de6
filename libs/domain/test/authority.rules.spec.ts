import { Actor, CouncilState, DomainErrorCode, adHocCommendation, canReadDossier, definitionProblems, initiativeDecider, initiativeRecognition } from '../src';
import { Journey, UNITS, asPublished, authority, citizen, districtCouncil, member, officer, otherOfficer, provinceAuthority, provinceCouncil, secretary, worker } from './fixtures';
import { deciderSpec } from './given-when-then';
import { TO_AWARDED, TO_CONSULTATION, TO_DECISION, TO_PUBLISHED, TO_RECOMMENDED, TO_REVIEW, path } from './steps';

const recognition = asPublished(initiativeRecognition);
const adHoc = asPublished(adHocCommendation);
const spec = deciderSpec(initiativeDecider);
const start = () => new Journey(recognition);

/** The secretary of another council (c-other, of another district): holds the role, not the scope. */
const otherSecretary: Actor = { userId: 'other-sec', roles: ['secretary'], unitId: 'u-other-district' };
const otherAuthority: Actor = { userId: 'other-authority', roles: ['decision_authority'], unitId: 'u-other-district' };
const otherCouncil: CouncilState = {
  status: 'active',
  councilId: 'c-other',
  name: 'Council of the other district',
  unitId: 'u-other-district',
  level: 'district',
  members: [
    { userId: 'o1', role: 'chair' },
    { userId: 'o2', role: 'member' },
    { userId: 'other-sec', role: 'secretary' },
  ],
};
const upTo = (items: Parameters<typeof path>[1]) => path(start(), items);
/** The steps up to (not including) the last item. */
const before = (items: Parameters<typeof path>[1]) => upTo(items.slice(0, -1));
const grant = { type: 'recordDecision', data: { outcome: 'granted', decisionNo: 'QD-1', signedBy: 'Chair' } } as const;

describe('authority: secretaries act only for their own council', () => {
  it('a secretary of another council cannot screen the nomination', () => {
    const j = before(TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'screen', data: { outcome: 'accepted' } }, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN, /secretary role/);
    spec.given(j.events).when({ type: 'screen', data: { outcome: 'accepted' } }, j.context(secretary)).thenTypes(['DossierAccepted', 'StageChanged']);
  });

  it('a secretary of another council cannot open the review', () => {
    const j = before(TO_REVIEW);
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1' } }, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a secretary of another council cannot close the review', () => {
    const j = upTo(TO_REVIEW);
    spec.given(j.events).when({ type: 'closeReview', data: {} }, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a secretary of another council cannot open or close the consultation, nor resolve its objections', () => {
    const recommended = upTo(TO_RECOMMENDED);
    spec.given(recommended.events).when({ type: 'openConsultation', data: { consultationId: 'k1' } }, recommended.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
    const j = upTo(TO_CONSULTATION).run({ type: 'fileObjection', data: { objectionId: 'o1', text: 'Inflated' } }, citizen);
    const resolve = { type: 'resolveObjection', data: { objectionId: 'o1', outcome: 'dismissed', reason: 'Checked' } } as const;
    spec.given(j.events).when(resolve, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given(j.events).when(resolve, j.context(secretary)).thenTypes(['ObjectionResolved']);
    const closesAt = j.state.kind === 'initiative' ? j.state.consultations[0]!.closesAt : '';
    spec.given(j.events).when({ type: 'closeConsultation', data: {} }, j.context(otherSecretary, { now: closesAt })).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a secretary of another council cannot publish the award', () => {
    const j = upTo(TO_AWARDED);
    spec.given(j.events).when({ type: 'publish', data: { channel: 'portal' } }, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a secretary of another council cannot escalate the initiative', () => {
    const j = ['u-a', 'u-b', 'u-c'].reduce(
      (acc, u, i) => acc.run({ type: 'reportReplication', data: { replicationId: `rep${i}`, adoptingUnitId: u, startedOn: '2025-04-01' } }, { ...officer, unitId: u }),
      upTo(TO_PUBLISHED),
    );
    const escalate = { type: 'escalate', data: { councilId: 'c-province' } } as const;
    spec.given(j.events).when(escalate, j.context(otherSecretary, { council: provinceCouncil })).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given(j.events).when(escalate, j.context(secretary, { council: provinceCouncil })).thenTypes(['InitiativeEscalated', 'StageChanged']);
  });

  it('the secretary role without a seat as secretary of the assigned council is not enough, even with the context naming another council', () => {
    const j = before(TO_REVIEW.slice(0, -1));
    // The context carries the assigned council; another council the secretary does sit on changes nothing.
    spec.given(j.events).when({ type: 'screen', data: { outcome: 'accepted' } }, j.context(otherSecretary, { council: otherCouncil })).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('without the assigned council in the context no secretary is in scope (fails closed)', () => {
    const j = before(TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'screen', data: { outcome: 'accepted' } }, j.context(secretary, { assignedCouncil: undefined, council: undefined })).thenThrows(DomainErrorCode.FORBIDDEN);
  });
});

describe('authority: decision authorities decide for their own unit', () => {
  it('a decision authority of another unit cannot record the decision', () => {
    const j = upTo(TO_DECISION);
    spec.given(j.events).when(grant, j.context(otherAuthority)).thenThrows(DomainErrorCode.FORBIDDEN, /own unit/);
    spec.given(j.events).when(grant, j.context(provinceAuthority)).thenThrows(DomainErrorCode.FORBIDDEN, /own unit/);
  });

  it("the decision authority of the council's unit records the decision", () => {
    const j = upTo(TO_DECISION);
    spec.given(j.events).when(grant, j.context(authority)).thenTypes(['AwardGranted', 'StageChanged']);
  });

  it('an award may be revoked by the authority of its unit or of a unit above it, not by another unit', () => {
    const j = upTo(TO_AWARDED);
    const revoke = { type: 'revoke', data: { reason: 'Forged documents' } } as const;
    spec.given(j.events).when(revoke, j.context(otherAuthority)).thenThrows(DomainErrorCode.FORBIDDEN, /below it/);
    spec.given(j.events).when(revoke, j.context(authority)).thenTypes(['AwardRevoked', 'StageChanged']);
    spec.given(j.events).when(revoke, j.context(provinceAuthority)).thenTypes(['AwardRevoked', 'StageChanged']);
    spec.given(j.events).when(revoke, j.context({ ...authority, unitId: 'u-ward' })).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('on a track without a council the authority of the unit at the nominated level decides', () => {
    const j = path(new Journey(adHoc), ['register', 'nominate']);
    spec.given(j.events).when(grant, j.context(authority)).thenTypes(['AwardGranted', 'StageChanged']);
    spec.given(j.events).when(grant, j.context(provinceAuthority)).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given(j.events).when(grant, j.context(otherAuthority)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('on a track without a council only a secretary of the deciding unit publishes', () => {
    const j = path(new Journey(adHoc), ['register', 'nominate', ['recordDecision', 'granted']]);
    spec.given(j.events).when({ type: 'publish', data: { channel: 'portal' } }, j.context(otherSecretary)).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given(j.events).when({ type: 'publish', data: { channel: 'portal' } }, j.context(secretary)).thenTypes(['InitiativePublished', 'StageChanged']);
  });
});

describe('authority: council members, unit officers, the worker and the public', () => {
  it('a member of another council cannot vote, score or declare a conflict', () => {
    const j = upTo(TO_REVIEW);
    for (const command of [
      { type: 'castBallot', data: { choice: 'approve' } },
      { type: 'submitScores', data: { scores: { novelty: 1, effectiveness: 1, scope: 1 } } },
      { type: 'declareConflict', data: { reason: 'Family' } },
    ] as const) {
      spec.given(j.events).when(command, j.context(member('o1'))).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER);
    }
  });

  it('the council secretary cannot vote even when they also hold the council member role', () => {
    const j = upTo(TO_REVIEW);
    spec.given(j.events).when({ type: 'castBallot', data: { choice: 'approve' } }, j.context({ ...secretary, roles: ['secretary', 'council_member'] })).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER);
  });

  it('a unit officer acts only for their own unit', () => {
    const j = upTo(['register']);
    spec.given(j.events).when({ type: 'reportProgress', data: { reportId: 'p1', summary: 'Month 1' } }, j.context(otherOfficer)).thenThrows(DomainErrorCode.FORBIDDEN, /own unit/);
    spec.given(j.events).when({ type: 'withdraw', data: { reason: 'Merged' } }, j.context(otherOfficer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('an officer of the adopting unit reports the replication and records its result; others cannot', () => {
    const j = upTo(TO_PUBLISHED);
    const adopter: Actor = { ...officer, userId: 'adopter', unitId: 'u-a' };
    const report = { type: 'reportReplication', data: { replicationId: 'rep1', adoptingUnitId: 'u-a', startedOn: '2025-04-01' } } as const;
    spec.given(j.events).when(report, j.context({ ...otherOfficer, unitId: 'u-b' })).thenThrows(DomainErrorCode.FORBIDDEN);
    const replicated = j.run(report, adopter);
    const result = { type: 'recordReplicationResult', data: { replicationId: 'rep1', outcome: 'adopted' } } as const;
    spec.given(replicated.events).when(result, replicated.context(adopter)).thenTypes(['ReplicationResultRecorded']);
    spec.given(replicated.events).when(result, replicated.context(officer)).thenTypes(['ReplicationResultRecorded']);
    spec.given(replicated.events).when(result, replicated.context({ ...otherOfficer, unitId: 'u-b' })).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('the worker closes a consultation and the public files an objection without any council or unit', () => {
    const j = upTo(TO_CONSULTATION);
    spec.given(j.events).when({ type: 'fileObjection', data: { objectionId: 'o1', text: 'Inflated' } }, j.context(citizen)).thenTypes(['ObjectionFiled']);
    const closesAt = j.state.kind === 'initiative' ? j.state.consultations[0]!.closesAt : '';
    spec.given(j.events).when({ type: 'closeConsultation', data: {} }, j.context(worker, { now: closesAt })).thenTypes(['ConsultationClosed', 'StageChanged']);
  });

  it('an administrator does not screen, vote or decide unless they also hold that role in scope', () => {
    const admin: Actor = { userId: 'admin', roles: ['administrator'], unitId: 'u-district' };
    const screening = before(TO_REVIEW.slice(0, -1));
    spec.given(screening.events).when({ type: 'screen', data: { outcome: 'accepted' } }, screening.context(admin)).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given(screening.events).when({ type: 'screen', data: { outcome: 'accepted' } }, screening.context({ ...admin, roles: ['administrator', 'secretary'] })).thenThrows(DomainErrorCode.FORBIDDEN);
    const review = upTo(TO_REVIEW);
    spec.given(review.events).when({ type: 'castBallot', data: { choice: 'approve' } }, review.context({ ...admin, roles: ['administrator', 'council_member'] })).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER);
    const decision = upTo(TO_DECISION);
    spec.given(decision.events).when(grant, decision.context({ ...admin, roles: ['administrator', 'decision_authority'] })).thenTypes(['AwardGranted', 'StageChanged']);
  });

  it('a definition cannot give a transition to administrators or auditors', () => {
    const draft = { ...initiativeRecognition, stages: initiativeRecognition.stages.map((s) => (s.kind === 'active' && s.id === 'awarded' ? { ...s, transitions: [{ command: 'publish' as const, to: 'published', roles: ['administrator' as const] }, ...s.transitions] } : s)) };
    expect(definitionProblems(draft)).toContain('awarded --publish-->: role "administrator" does not act on initiatives');
  });
});

describe('who reads a dossier beyond the public page', () => {
  const initiative = { unitId: 'u-ward', councilId: 'c-district', level: 'district' };
  const reads = (actor: Actor, over: Partial<Parameters<typeof canReadDossier>[0]> = {}) =>
    canReadDossier({ actor, initiative, council: districtCouncil, units: UNITS, ...over });

  it("the nominating unit's officers and those of units above it read the dossier; a neighbouring unit's do not", () => {
    expect(reads(officer)).toBe(true);
    expect(reads({ ...officer, unitId: 'u-province' })).toBe(true);
    expect(reads(otherOfficer)).toBe(false);
    expect(reads({ ...officer, unitId: 'u-other-province' })).toBe(false);
  });

  it("the assigned council's members and secretary read the dossier; another council's do not", () => {
    expect(reads(member('m3'))).toBe(true);
    expect(reads(secretary)).toBe(true);
    expect(reads(member('o1'))).toBe(false);
    expect(reads(otherSecretary)).toBe(false);
  });

  it('the deciding authority reads the dossier; an authority of another unit does not', () => {
    expect(reads(authority)).toBe(true);
    expect(reads(otherAuthority)).toBe(false);
    expect(reads(provinceAuthority)).toBe(false);
  });

  it('auditors and administrators read every dossier; the public does not', () => {
    expect(reads({ userId: 'a', roles: ['auditor'] })).toBe(true);
    expect(reads({ userId: 'a', roles: ['administrator'] })).toBe(true);
    expect(reads(citizen)).toBe(false);
  });

  it('on a track without a council the deciding unit is the one at the nominated level', () => {
    const adHocInitiative = { unitId: 'u-ward', level: 'district' };
    expect(canReadDossier({ actor: authority, initiative: adHocInitiative, units: UNITS })).toBe(true);
    expect(canReadDossier({ actor: secretary, initiative: adHocInitiative, units: UNITS })).toBe(true);
    expect(canReadDossier({ actor: otherAuthority, initiative: adHocInitiative, units: UNITS })).toBe(false);
  });
});
