import { DomainError, DomainErrorCode, annualEmulationTitle, currentReview, initiativeRecognition, remindReviewers, reviewProgress, type Actor, type InitiativeState } from '../src';
import { Journey, NOW, asPublished, districtCouncil, member, provinceCouncil, secretary } from './fixtures';
import { TO_REVIEW, ballot, closeReviewStep, path } from './steps';

const recognition = asPublished(initiativeRecognition);
const annual = asPublished(annualEmulationTitle);
const scores = { novelty: 8, effectiveness: 9, scope: 7 };
const inReview = () => path(new Journey(recognition), TO_REVIEW);
const secretReview = () => path(new Journey(annual), ['register', 'submitSelfAssessment', 'nominate', 'openReview']);
const vote = (j: Journey, memberId: string, choice: 'approve' | 'reject' | 'abstain') => {
  const s = ballot(j, memberId, choice);
  return j.run(s.command, s.actor);
};
const remind = (state: InitiativeState, actor: Actor = secretary, withRubric = true) =>
  remindReviewers(state, { actor, now: NOW, assignedCouncil: state.kind === 'initiative' && state.councilId === 'c-province' ? provinceCouncil : districtCouncil, withRubric });
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('review progress and reminders', () => {
  it('the progress shows who has scored and voted, never what they chose', () => {
    let j = inReview().run({ type: 'submitScores', data: { scores } }, member('m1'));
    j = vote(j, 'm1', 'reject');
    j = vote(j, 'm2', 'approve');
    const review = currentReview(j.state);
    if (!review) throw new Error('no review');
    const progress = reviewProgress(review, true);
    expect(progress.members.find((m) => m.memberId === 'm1')).toEqual({ memberId: 'm1', recused: false, recusalReason: null, scored: true, voted: true, owing: false });
    expect(progress.members.find((m) => m.memberId === 'm2')).toMatchObject({ scored: false, voted: true, owing: true });
    expect(progress).toMatchObject({ eligible: 5, scored: 1, voted: 2 });
    expect(JSON.stringify(progress)).not.toMatch(/approve|reject|abstain/);
  });

  it('a secret review’s progress shows who voted and no choice', () => {
    let j = secretReview();
    j = vote(j, 'm1', 'approve');
    j = vote(j, 'm2', 'reject');
    const review = currentReview(j.state);
    if (!review) throw new Error('no review');
    const progress = reviewProgress(review, false);
    expect(progress.secretBallot).toBe(true);
    expect(progress.members.filter((m) => m.voted).map((m) => m.memberId)).toEqual(['m1', 'm2']);
    expect(JSON.stringify(progress)).not.toMatch(/approve|reject|abstain|sealed/);
  });

  it('recused members show with why and owe nothing', () => {
    const j = inReview().run({ type: 'declareConflict', data: { reason: 'My cousin leads the pilot' } }, member('m3'));
    const review = currentReview(j.state);
    if (!review) throw new Error('no review');
    const m3 = reviewProgress(review, true).members.find((m) => m.memberId === 'm3');
    expect(m3).toMatchObject({ recused: true, recusalReason: 'declared_conflict', owing: false });
    expect(remind(j.state)[0]?.data.memberIds).not.toContain('m3');
  });

  it('reminders go to members who have not voted (or not scored), only those', () => {
    let j = inReview();
    for (const m of ['m1', 'm2']) j = vote(j.run({ type: 'submitScores', data: { scores } }, member(m)), m, 'approve');
    j = vote(j, 'm3', 'approve'); // voted, not scored: still owes its sheet
    const [event] = remind(j.state);
    expect(event).toEqual({ type: 'ReviewersReminded', data: { initiativeId: 'i-1', reviewId: expect.any(String), memberIds: ['m3', 'm4', 'm5'], remindedAt: NOW } });
    // On a track without a rubric only the ballot is owed.
    expect(remind(j.state, secretary, false)[0]?.data.memberIds).toEqual(['m4', 'm5']);
  });

  it('only a secretary of the assigned council sends reminders', () => {
    const j = inReview();
    expect(codeOf(() => remind(j.state, member('m1')))).toBe(DomainErrorCode.FORBIDDEN);
    expect(codeOf(() => remind(j.state, { userId: 'another-secretary', roles: ['secretary'] }))).toBe(DomainErrorCode.FORBIDDEN);
  });

  it('no reminder once the review is closed, or when no one owes anything', () => {
    let j = inReview();
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) j = vote(j.run({ type: 'submitScores', data: { scores } }, member(m)), m, 'approve');
    expect(codeOf(() => remind(j.state))).toBe(DomainErrorCode.NOTHING_OWED);
    const s = closeReviewStep(j);
    const closed = j.run(s.command, s.actor);
    expect(codeOf(() => remind(closed.state))).toBe(DomainErrorCode.REVIEW_CLOSED);
  });

  it('a reminder changes nothing in the initiative', () => {
    const j = inReview();
    const events = remind(j.state);
    expect(new Journey(recognition, [...j.events, ...events]).state).toEqual(j.state);
  });
});
