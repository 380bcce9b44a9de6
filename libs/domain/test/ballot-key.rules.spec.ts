import { annualEmulationTitle, ballotKeyNeeded, currentReview, initiativeRecognition, type DefinitionDraft, type Stage } from '../src';
import { Journey, asPublished, officer, secretary } from './fixtures';
import { ballot, closeReviewStep, path, runSteps, type PathItem } from './steps';

const annual = asPublished(annualEmulationTitle);
const TO_SECRET_REVIEW: PathItem[] = ['register', 'submitSelfAssessment', 'nominate', 'openReview'];
const reviewIdOf = (j: Journey) => currentReview(j.state)?.reviewId ?? '';

describe('secret ballot keys: which reviews still need theirs', () => {
  it('an open secret review, current and in a stage that takes or counts ballots, needs its key', () => {
    const j = path(new Journey(annual), TO_SECRET_REVIEW);
    expect(ballotKeyNeeded(j.state, reviewIdOf(j), annual)).toBe(true);
    const voted = runSteps(j, [(x) => ballot(x, 'm1', 'reject')]);
    expect(ballotKeyNeeded(voted.state, reviewIdOf(voted), annual)).toBe(true);
  });

  it('a closed secret review needs its key no more', () => {
    const j = path(new Journey(annual), TO_SECRET_REVIEW);
    const closed = runSteps(j, [(x) => ballot(x, 'm1', 'approve'), closeReviewStep]);
    expect(currentReview(closed.state)?.status).toBe('closed');
    expect(ballotKeyNeeded(closed.state, reviewIdOf(j), annual)).toBe(false);
  });

  it('a secret review the initiative is withdrawn from needs its key no more, though it was never closed', () => {
    const j = path(new Journey(annual), TO_SECRET_REVIEW);
    const withdrawn = j.run({ type: 'withdraw', data: { reason: 'The unit merged' } }, officer);
    expect(currentReview(withdrawn.state)?.status).toBe('open');
    expect(ballotKeyNeeded(withdrawn.state, reviewIdOf(j), annual)).toBe(false);
  });

  it('a secret review superseded by a new review cycle needs its key no more', () => {
    // A definition that lets the secretary restart the ballot while one is open.
    const restartable: DefinitionDraft = {
      ...annualEmulationTitle,
      id: 'annual-restartable',
      stages: annualEmulationTitle.stages.map((s): Stage =>
        s.id === 'in_review' && s.kind === 'active' ? { ...s, transitions: [...s.transitions, { command: 'openReview', to: 'in_review', roles: ['secretary'] }] } : s,
      ),
    };
    const definition = asPublished(restartable);
    const j = path(new Journey(definition), TO_SECRET_REVIEW);
    const first = reviewIdOf(j);
    const restarted = j.run({ type: 'openReview', data: { reviewId: 'r-second' } }, secretary);
    expect(ballotKeyNeeded(restarted.state, first, definition)).toBe(false);
    expect(ballotKeyNeeded(restarted.state, 'r-second', definition)).toBe(true);
  });

  it('an open-ballot review has no key to keep, nor has a review the initiative never opened', () => {
    const recognition = asPublished(initiativeRecognition);
    const j = path(new Journey(recognition), ['register', 'reportProgress', 'nominate', ['screen', 'accepted'], 'openReview']);
    expect(ballotKeyNeeded(j.state, reviewIdOf(j), recognition)).toBe(false);
    expect(ballotKeyNeeded(path(new Journey(annual), TO_SECRET_REVIEW).state, 'r-unknown', annual)).toBe(false);
  });
});
