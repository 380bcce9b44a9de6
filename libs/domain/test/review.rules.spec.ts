import { DomainErrorCode, ReviewClosed, SecretBallotCast, annualEmulationTitle, initiativeRecognition, initiativeDecider, visibleScores } from '../src';
import { Journey, MEMBER_UNITS, NOW, asPublished, member, registerCommand, secretary } from './fixtures';
import { deciderSpec } from './given-when-then';
import { TO_REVIEW, ballot, closeReviewStep, path, seal } from './steps';

const recognition = asPublished(initiativeRecognition);
const annual = asPublished(annualEmulationTitle);
const spec = deciderSpec(initiativeDecider);
const inReview = (j = new Journey(recognition)) => path(j, TO_REVIEW);
const vote = (j: Journey, memberId: string, choice: 'approve' | 'reject' | 'abstain') => {
  const s = ballot(j, memberId, choice);
  return j.run(s.command, s.actor);
};
const scores = { novelty: 8, effectiveness: 9, scope: 7 };

describe('council review rules', () => {
  it('only members of the assigned council may score or vote', () => {
    const j = inReview();
    const given = spec.given(j.events);
    given.when({ type: 'castBallot', data: { choice: 'approve' } }, j.context(member('outsider'))).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER);
    given.when({ type: 'submitScores', data: { scores } }, j.context(member('outsider'))).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER);
    given.when({ type: 'castBallot', data: { choice: 'approve' } }, j.context(secretary)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a member who belongs to the nominating unit is recused automatically when the review opens', () => {
    const j = path(new Journey(recognition), TO_REVIEW.slice(0, -1));
    const events = j.decide({ type: 'openReview', data: { reviewId: 'r1' } }, secretary, { memberUnits: { ...MEMBER_UNITS, m2: 'u-ward' } });
    expect(events.filter((e) => e.type === 'MemberRecused').map((e) => e.data)).toEqual([
      { initiativeId: 'i-1', reviewId: 'r1', memberId: 'm2', reason: 'automatic:nominating_unit' },
    ]);
  });

  it('a member who is an author is recused automatically when the review opens', () => {
    const authored = registerCommand();
    if (authored.type !== 'register') throw new Error('fixture');
    authored.data.authors = [{ name: 'Member three', userId: 'm3' }];
    const j = path(new Journey(recognition).run(authored, { userId: 'o', roles: ['unit_officer'], unitId: 'u-ward' }), TO_REVIEW.slice(1, -1));
    const events = j.decide({ type: 'openReview', data: { reviewId: 'r1' } }, secretary);
    expect(events.filter((e) => e.type === 'MemberRecused').map((e) => e.data)).toEqual([
      { initiativeId: 'i-1', reviewId: 'r1', memberId: 'm3', reason: 'automatic:author' },
    ]);
  });

  it('any other member may declare a conflict of interest and is recused from then on', () => {
    const j = inReview();
    spec.given(j.events).when({ type: 'declareConflict', data: { reason: 'My sister leads the unit' } }, j.context(member('m4'))).then([
      { type: 'ConflictDeclared', data: { initiativeId: 'i-1', reviewId: 'r1', memberId: 'm4', reason: 'My sister leads the unit', declaredAt: NOW } },
      { type: 'MemberRecused', data: { initiativeId: 'i-1', reviewId: 'r1', memberId: 'm4', reason: 'declared_conflict' } },
    ]);
    const recused = j.run({ type: 'declareConflict', data: { reason: 'Family' } }, member('m4'));
    spec.given(recused.events).when({ type: 'castBallot', data: { choice: 'approve' } }, recused.context(member('m4'))).thenThrows(DomainErrorCode.CONFLICT_OF_INTEREST);
  });

  it('declaring a conflict needs a reason and must come before voting', () => {
    const j = inReview();
    spec.given(j.events).when({ type: 'declareConflict', data: { reason: ' ' } }, j.context(member('m4'))).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const voted = vote(j, 'm4', 'approve');
    spec.given(voted.events).when({ type: 'declareConflict', data: { reason: 'Late' } }, voted.context(member('m4'))).thenThrows(DomainErrorCode.ALREADY_VOTED);
  });

  it('a recused member counts neither in quorum nor in the base', () => {
    let j = inReview().run({ type: 'declareConflict', data: { reason: 'Family' } }, member('m1'));
    j = j.run({ type: 'declareConflict', data: { reason: 'Family' } }, member('m2'));
    j = vote(vote(j, 'm3', 'approve'), 'm4', 'approve');
    // 2 of 5 would miss a 2/3 quorum; 2 of the 3 eligible meet it.
    const [closed] = spec.given(j.events).when({ type: 'closeReview', data: {} }, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect((closed as ReviewClosed).data.tally).toMatchObject({ panel: 5, recused: 2, eligible: 3, voted: 2, quorumMet: true, approved: true });
    expect((closed as ReviewClosed).data.outcome).toBe('recommended');
  });

  it('a recused member cannot score or vote', () => {
    const j = inReview().run({ type: 'declareConflict', data: { reason: 'Family' } }, member('m1'));
    const given = spec.given(j.events);
    given.when({ type: 'submitScores', data: { scores } }, j.context(member('m1'))).thenThrows(DomainErrorCode.CONFLICT_OF_INTEREST);
    given.when({ type: 'castBallot', data: { choice: 'reject' } }, j.context(member('m1'))).thenThrows(DomainErrorCode.CONFLICT_OF_INTEREST);
  });

  it("a member cannot see other members' scores until they have submitted their own", () => {
    const j = inReview().run({ type: 'submitScores', data: { scores } }, member('m1'));
    expect(visibleScores(j.state, 'm2')).toEqual({ others: [], othersHidden: true });
    const after = j.run({ type: 'submitScores', data: { scores: { novelty: 5, effectiveness: 5, scope: 5 } } }, member('m2'));
    const view = visibleScores(after.state, 'm2');
    expect(view.own?.memberId).toBe('m2');
    expect(view.others.map((s) => s.memberId)).toEqual(['m1']);
    expect(visibleScores(after.state, 'm3').othersHidden).toBe(true);
  });

  it('scores are final and checked against the rubric', () => {
    const j = inReview();
    const given = spec.given(j.events);
    given.when({ type: 'submitScores', data: { scores: { novelty: 11, effectiveness: 5, scope: 5 } } }, j.context(member('m1'))).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    given.when({ type: 'submitScores', data: { scores: { novelty: 5, effectiveness: 5 } } }, j.context(member('m1'))).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const scored = j.run({ type: 'submitScores', data: { scores } }, member('m1'));
    spec.given(scored.events).when({ type: 'submitScores', data: { scores } }, scored.context(member('m1'))).thenThrows(DomainErrorCode.ALREADY_SCORED);
  });

  it('a sheet keeps a comment per criterion of the rubric, and refuses one for a criterion the rubric lacks', () => {
    const j = inReview();
    spec.given(j.events).when({ type: 'submitScores', data: { scores, comments: { impact: 'Not a criterion' } } }, j.context(member('m1'))).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const scored = j.run({ type: 'submitScores', data: { scores, comment: 'Overall sound', comments: { novelty: ' New to the province ', scope: '' } } }, member('m1'));
    expect(visibleScores(scored.state, 'm1').own).toMatchObject({ comment: 'Overall sound', comments: { novelty: 'New to the province' } });
    expect(visibleScores(scored.state, 'm1').own?.comments).not.toHaveProperty('scope');
  });

  it('one ballot per member per review', () => {
    const j = vote(inReview(), 'm1', 'approve');
    spec.given(j.events).when({ type: 'castBallot', data: { choice: 'reject' } }, j.context(member('m1'))).thenThrows(DomainErrorCode.ALREADY_VOTED);
  });

  it('a ballot cannot be changed after the review closes', () => {
    const j = path(inReview(), [['closeReview', 'recommended']]);
    spec.given(j.events).when({ type: 'castBallot', data: { choice: 'reject' } }, j.context(member('m1'))).thenThrows(DomainErrorCode.REVIEW_CLOSED);
  });

  it('closing a review computes quorum and approval against the definition rule and records the tally and the rule version applied', () => {
    let j = inReview();
    j = vote(vote(vote(vote(j, 'm1', 'approve'), 'm2', 'approve'), 'm3', 'reject'), 'm4', 'abstain');
    const [closed] = spec.given(j.events).when({ type: 'closeReview', data: {} }, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect(closed).toEqual({
      type: 'ReviewClosed',
      data: {
        initiativeId: 'i-1',
        reviewId: 'r1',
        cycle: 1,
        // 2 approvals of 4 present is not more than half.
        outcome: 'not_recommended',
        tally: { panel: 5, recused: 0, eligible: 5, voted: 4, approve: 2, reject: 1, abstain: 1, quorumMet: true, approvalBase: 4, approved: false },
        rule: {
          definitionId: 'initiative-recognition',
          definitionVersion: 1,
          quorum: { fraction: '2/3', base: 'all_members' },
          approval: { fraction: '1/2', base: 'members_present', comparison: 'more_than' },
          secretBallot: false,
        },
        closedAt: NOW,
      },
    });
  });

  it('without a quorum the review closes as no_quorum and the initiative awaits a new review cycle', () => {
    const j = vote(inReview(), 'm1', 'approve');
    const after = j.run({ type: 'closeReview', data: {} }, secretary);
    const review = after.state.kind === 'initiative' ? after.state.reviews[0] : undefined;
    expect(review?.status === 'closed' && review.outcome).toBe('no_quorum');
    expect(after.stage).toBe('screening');
  });
});

describe('secret ballot rules', () => {
  const secretReview = () => path(new Journey(annual), ['register', 'submitSelfAssessment', 'nominate', 'openReview']);

  it('in a secret ballot the system records that a member voted but nothing reveals what they chose', () => {
    const j = secretReview();
    const given = spec.given(j.events);
    given.when({ type: 'castBallot', data: { choice: 'approve' } }, j.context(member('m1'))).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const sealed = seal('approve', 'nonce-1');
    const events = given.when({ type: 'castBallot', data: { sealedChoice: sealed } }, j.context(member('m1'))).then([
      { type: 'SecretBallotCast', data: { initiativeId: 'i-1', reviewId: 'r1', memberId: 'm1', sealedChoice: sealed, castAt: NOW } },
    ]);
    expect(Object.keys((events[0] as SecretBallotCast).data)).not.toContain('choice');
    expect(JSON.stringify(events)).not.toMatch(/approve/);
  });

  it('only the tally is revealed at close and the count of sealed ballots must equal the count of voters', () => {
    let j = secretReview();
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) j = vote(j, m, 'approve');
    const given = spec.given(j.events);
    given.when({ type: 'closeReview', data: { revealedChoices: ['approve', 'approve', 'approve', 'approve'] } }, j.context(secretary)).thenThrows(DomainErrorCode.BALLOT_COUNT_MISMATCH);
    given.when({ type: 'closeReview', data: {} }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    const s = closeReviewStep(j);
    const [closed] = given.when(s.command, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect(JSON.stringify(closed)).not.toMatch(/m[1-5]/);
    expect((closed as ReviewClosed).data.tally).toMatchObject({ approve: 5, voted: 5, approved: true });
  });

  it('the annual title needs at least 90 % of all council members in favour', () => {
    let j = secretReview();
    for (const m of ['m1', 'm2', 'm3', 'm4']) j = vote(j, m, 'approve');
    j = vote(j, 'm5', 'reject');
    const s = closeReviewStep(j);
    const [closed] = spec.given(j.events).when(s.command, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect((closed as ReviewClosed).data).toMatchObject({ outcome: 'not_recommended', tally: { approve: 4, approvalBase: 5 } });
  });
});
