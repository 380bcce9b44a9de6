import { AwardGranted, DomainErrorCode, adHocCommendation, initiativeDecider, initiativeRecognition, type RegisterInitiative } from '../src';
import { Journey, NOW, asPublished, authority, documents, launchedMovement, officer, otherOfficer, provinceCouncil, registerCommand, secretary } from './fixtures';
import { deciderSpec } from './given-when-then';
import { TO_AWARDED, TO_DECISION, TO_PUBLISHED, TO_REVIEW, path } from './steps';

const recognition = asPublished(initiativeRecognition);
const spec = deciderSpec(initiativeDecider);
const start = () => new Journey(recognition);
const replicate = (j: Journey, replicationId: string, unit: string) =>
  j.run({ type: 'reportReplication', data: { replicationId, adoptingUnitId: unit, startedOn: '2025-04-01' } }, { ...officer, unitId: unit });
const grant = { type: 'recordDecision', data: { outcome: 'granted', decisionNo: 'QD-1', signedBy: 'Chair' } } as const;
const eligible = () => ['u-a', 'u-b', 'u-c'].reduce((j, u, i) => replicate(j, `rep${i}`, u), path(start(), TO_PUBLISHED));

describe('replication and escalation rules', () => {
  it('replication by the configured number of distinct units makes the initiative eligible for the next level', () => {
    let j = replicate(replicate(path(start(), TO_PUBLISHED), 'rep1', 'u-a'), 'rep2', 'u-a');
    j = replicate(j, 'rep3', 'u-b');
    expect(j.stage).toBe('replicating');
    const events = spec.given(j.events).when(
      { type: 'reportReplication', data: { replicationId: 'rep4', adoptingUnitId: 'u-c', startedOn: '2025-04-01' } },
      j.context({ ...officer, unitId: 'u-c' }),
    ).thenTypes(['ReplicationReported', 'StageChanged']);
    expect(events[1]?.data).toMatchObject({ from: 'replicating', to: 'eligible_for_escalation', through: ['replication_check'], outcome: 'threshold_reached' });
  });

  it("the adopting unit cannot be the initiative's own unit", () => {
    const j = path(start(), TO_PUBLISHED);
    spec.given(j.events).when({ type: 'reportReplication', data: { replicationId: 'r', adoptingUnitId: 'u-ward', startedOn: '2025-04-01' } }, j.context(officer)).thenThrows(DomainErrorCode.VALIDATION_FAILED, /own unit/);
  });

  it('only an officer of the adopting unit reports its replication', () => {
    const j = path(start(), TO_PUBLISHED);
    spec.given(j.events).when({ type: 'reportReplication', data: { replicationId: 'r', adoptingUnitId: 'u-a', startedOn: '2025-04-01' } }, j.context(otherOfficer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it("at the next level a new review cycle starts with that level's council", () => {
    const j = eligible().run({ type: 'escalate', data: { councilId: 'c-province' } }, officer, { council: provinceCouncil });
    expect(j.stage).toBe('nominated');
    const screened = j.run({ type: 'screen', data: { outcome: 'accepted' } }, secretary);
    const events = screened.decide({ type: 'openReview', data: { reviewId: 'r2' } }, secretary);
    expect(events[0]?.data).toMatchObject({ councilId: 'c-province', level: 'province', cycle: 2 });
  });

  it('escalation needs a council of a higher level', () => {
    const j = eligible();
    spec.given(j.events).when({ type: 'escalate', data: { councilId: 'c-district' } }, j.context(officer)).thenThrows(DomainErrorCode.GUARD_FAILED, /current level/);
  });

  it("each recognition is kept in the initiative's history", () => {
    let j = eligible().run({ type: 'escalate', data: { councilId: 'c-province' } }, officer, { council: provinceCouncil });
    j = path(j, [['screen', 'accepted'], 'openReview', ['closeReview', 'recommended'], 'openConsultation', 'closeConsultation', ['recordDecision', 'granted']]);
    const state = j.state;
    expect(state.kind === 'initiative' && state.recognitions.map((r) => [r.level, r.reviewId, r.revoked])).toEqual([
      ['district', 'r1', false],
      ['province', 'r2', false],
    ]);
  });
});

describe('reason and history rules', () => {
  it('revocation needs a reason', () => {
    const j = path(start(), TO_AWARDED);
    spec.given(j.events).when({ type: 'revoke', data: { reason: '' } }, j.context(authority)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('withdrawal needs a reason', () => {
    const j = path(start(), ['register']);
    spec.given(j.events).when({ type: 'withdraw', data: { reason: '  ' } }, j.context(officer)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('nothing is ever deleted: a revoked award stays in the history, flagged as revoked', () => {
    const j = path(start(), TO_PUBLISHED);
    const events = spec.given(j.events).when({ type: 'revoke', data: { reason: 'Forged documents', legalBasis: 'Law 2022 art. 93' } }, j.context(authority)).thenTypes(['AwardRevoked', 'StageChanged']);
    expect(events[0]?.data).toEqual({ initiativeId: 'i-1', decisionNo: 'QD-17', level: 'district', reason: 'Forged documents', legalBasis: 'Law 2022 art. 93', revokedAt: NOW });
    const state = spec.given([...j.events, ...events]).state;
    expect(state.kind === 'initiative' && state.recognitions).toEqual([
      expect.objectContaining({ decisionNo: 'QD-17', revoked: true, revocation: { reason: 'Forged documents', legalBasis: 'Law 2022 art. 93', revokedAt: NOW } }),
    ]);
    expect(state.kind === 'initiative' && state.publications).toHaveLength(1);
  });

  it('withdrawal is possible in any stage before the decision, and not after it', () => {
    const withdraw = { type: 'withdraw', data: { reason: 'The unit merged' } } as const;
    const before = path(start(), TO_DECISION);
    spec.given(before.events).when(withdraw, before.context(officer)).thenTypes(['InitiativeWithdrawn', 'StageChanged']);
    const after = path(start(), TO_AWARDED);
    spec.given(after.events).when(withdraw, after.context(officer)).thenThrows(DomainErrorCode.TRANSITION_NOT_ALLOWED);
  });
});

describe('legal preconditions', () => {
  it('no award while the nominee is under discipline or investigation', () => {
    const j = path(start(), TO_DECISION);
    const given = spec.given(j.events);
    given.when(grant, j.context(authority, { nomineeStanding: { underDiscipline: true, underInvestigation: false } })).thenThrows(DomainErrorCode.GUARD_FAILED, /discipline/);
    given.when(grant, j.context(authority, { nomineeStanding: { underDiscipline: false, underInvestigation: true } })).thenThrows(DomainErrorCode.GUARD_FAILED, /investigation/);
    given.when(grant, j.context(authority, { nomineeStanding: undefined })).thenThrows(DomainErrorCode.GUARD_FAILED, /not supplied/);
  });

  it('the dossier must contain the required documents', () => {
    const j = path(start(), ['register', 'reportProgress']);
    const nominate = { type: 'nominate', data: { awardForm: 'certificate_of_merit', councilId: 'c-district', statement: 'Worthy', documents: documents.slice(0, 1) } } as const;
    spec.given(j.events).when(nominate, j.context(officer)).thenThrows(DomainErrorCode.GUARD_FAILED, /achievement_report/);
  });

  it('a dossier returned at screening needs a reason and goes back to nominated when resubmitted', () => {
    const j = path(start(), ['register', 'reportProgress', 'nominate']);
    spec.given(j.events).when({ type: 'screen', data: { outcome: 'returned' } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const returned = path(j, [['screen', 'returned']]);
    expect(returned.stage).toBe('returned');
    expect(path(returned, ['resubmit']).stage).toBe('nominated');
  });

  it('registration requires a launched movement', () => {
    const draft = launchedMovement(recognition.id, 'draft');
    spec.given([]).when(registerCommand(), start().context(officer, { movement: draft })).thenThrows(DomainErrorCode.GUARD_FAILED, /draft/);
  });

  it('registration is refused in a field the movement does not run', () => {
    const command = registerCommand() as RegisterInitiative;
    const elsewhere: RegisterInitiative = { ...command, data: { ...command.data, field: 'culture-society' } };
    spec.given([]).when(elsewhere, start().context(officer)).thenThrows(DomainErrorCode.VALIDATION_FAILED, /movement's fields: economy/);
  });

  it('ad hoc awards do not count towards higher merit awards', () => {
    const j = path(new Journey(asPublished(adHocCommendation)), ['register', 'nominate']);
    const [granted] = spec.given(j.events).when(grant, j.context(authority)).thenTypes(['AwardGranted', 'StageChanged']);
    expect((granted as AwardGranted).data).toMatchObject({ countsTowardsHigherAwards: false, level: 'district', decisionNo: 'QD-1' });
  });
});

describe('engine rules', () => {
  it('only the roles a transition names may perform it', () => {
    const j = path(start(), TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1' } }, j.context(officer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a unit officer acts only for their own unit', () => {
    const j = path(start(), ['register']);
    spec.given(j.events).when({ type: 'reportProgress', data: { reportId: 'p1', summary: 'x' } }, j.context(otherOfficer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('an initiative keeps the definition version it was nominated under; a new nomination uses the newest', () => {
    const v2 = asPublished(initiativeRecognition, 2);
    const nominated = path(start(), ['register', 'reportProgress', 'nominate']);
    spec.given(nominated.events).when({ type: 'screen', data: { outcome: 'accepted' } }, { ...nominated.context(secretary), definition: v2 }).thenThrows(DomainErrorCode.DEFINITION_MISMATCH);
    const cultivating = path(start(), ['register', 'reportProgress']);
    const nominate = { type: 'nominate', data: { awardForm: 'certificate_of_merit', councilId: 'c-district', statement: 'Worthy', documents } } as const;
    const [event] = spec.given(cultivating.events).when(nominate, { ...cultivating.context(officer), definition: v2 }).thenTypes(['InitiativeNominated', 'StageChanged']);
    expect(event?.data).toMatchObject({ definitionId: 'initiative-recognition', definitionVersion: 2 });
  });

  it('an unknown initiative accepts nothing but registration, and registers once', () => {
    spec.given([]).when({ type: 'withdraw', data: { reason: 'x' } }, start().context(officer)).thenThrows(DomainErrorCode.NOT_FOUND);
    const j = path(start(), ['register']);
    spec.given(j.events).when(registerCommand(), j.context(officer)).thenThrows(DomainErrorCode.ALREADY_EXISTS);
  });
});
