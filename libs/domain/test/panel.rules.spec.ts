import { DomainErrorCode, ReviewClosed, ReviewOpened, annualEmulationTitle, appliedRule, definitionProblems, evolveInitiative, initialInitiativeState, initiativeDecider, initiativeRecognition, membersOwingBallot, tallyReview, type InitiativeEvent } from '../src';
import { Journey, asPublished, districtCouncil, secretary } from './fixtures';
import { deciderSpec } from './given-when-then';
import { TO_REVIEW, ballot, closeReviewStep, path } from './steps';

const recognition = asPublished(initiativeRecognition);
const annual = asPublished(annualEmulationTitle);
const spec = deciderSpec(initiativeDecider);
const upTo = (items: Parameters<typeof path>[1]) => path(new Journey(recognition), items);
const before = (items: Parameters<typeof path>[1]) => upTo(items.slice(0, -1));
const vote = (j: Journey, memberId: string, choice: 'approve' | 'reject' | 'abstain') => {
  const s = ballot(j, memberId, choice);
  return j.run(s.command, s.actor);
};

/** The panel is the council's voting members; the base "all members" counts every one of them (domain.md, "Authority"). */
describe('the review panel and the approval base', () => {
  const subsetTrack = asPublished({
    ...initiativeRecognition,
    id: 'subset-panel',
    parameters: { ...initiativeRecognition.parameters, panelSelection: 'subset', approval: { fraction: '90%', base: 'all_members', comparison: 'at_least' } },
  });

  it("the panel is the council's voting members; the secretary sits on no panel", () => {
    const [opened] = before(TO_REVIEW).decide({ type: 'openReview', data: { reviewId: 'r1' } }, secretary) as [ReviewOpened];
    expect(opened.data.panel).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(opened.data.votingMembers).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('a panel in the request is refused when the track reviews with the whole council', () => {
    const j = before(TO_REVIEW);
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', panel: ['m1'] } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED, /panel cannot be chosen/);
  });

  it('where the definition allows a subset, the secretary chooses it among the voting members only', () => {
    const j = path(new Journey(subsetTrack), TO_REVIEW.slice(0, -1));
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', panel: ['m1', 'sec'] } }, j.context(secretary)).thenThrows(DomainErrorCode.NOT_COUNCIL_MEMBER, /sec/);
    const [opened] = j.decide({ type: 'openReview', data: { reviewId: 'r1', panel: ['m1', 'm2'] } }, secretary) as [ReviewOpened];
    expect(opened.data).toMatchObject({ panel: ['m1', 'm2'], votingMembers: ['m1', 'm2', 'm3', 'm4', 'm5'] });
  });

  it('a panel of one friendly member cannot pass a 90 % rule over all members', () => {
    let j = path(new Journey(subsetTrack), TO_REVIEW.slice(0, -1)).run({ type: 'openReview', data: { reviewId: 'r1', panel: ['m2'] } }, secretary);
    j = vote(j, 'm2', 'approve');
    const [closed] = spec.given(j.events).when(closeReviewStep(j).command, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect((closed as ReviewClosed).data).toMatchObject({ outcome: 'not_recommended', tally: { panel: 1, eligible: 1, approve: 1, quorumMet: true, approvalBase: 5, approved: false } });
  });

  it('a recused member is out of the base "all members" even when not on the chosen panel', () => {
    const j = path(new Journey(subsetTrack), TO_REVIEW.slice(0, -1)).run({ type: 'openReview', data: { reviewId: 'r1', panel: ['m1'] } }, secretary, {
      memberUnits: { m5: 'u-ward' },
    });
    const review = j.state.kind === 'initiative' ? j.state.reviews[0]! : undefined;
    expect(review?.recusals).toEqual([{ memberId: 'm5', reason: 'automatic:nominating_unit' }]);
    const { tally } = tallyReview(review!, appliedRule(subsetTrack), ['approve']);
    expect(tally.approvalBase).toBe(4);
  });

  it('a non-voting secretary is not counted in the approval base', () => {
    let j = path(new Journey(annual), ['register', 'submitSelfAssessment', 'nominate', 'openReview']);
    for (const m of ['m1', 'm2', 'm3', 'm4']) j = vote(j, m, 'approve');
    const [closed] = spec.given(j.events).when(closeReviewStep(j).command, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect((closed as ReviewClosed).data.tally).toMatchObject({ panel: 5, eligible: 5, approvalBase: 5 });
  });

  it('a 90% rule can pass in a council of 5 voters and a secretary', () => {
    expect(districtCouncil.status === 'active' && districtCouncil.members.map((m) => m.role)).toEqual(['chair', 'member', 'member', 'member', 'member', 'secretary']);
    let j = path(new Journey(annual), ['register', 'submitSelfAssessment', 'nominate', 'openReview']);
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) j = vote(j, m, 'approve');
    const [closed] = spec.given(j.events).when(closeReviewStep(j).command, j.context(secretary)).thenTypes(['ReviewClosed', 'StageChanged']);
    expect((closed as ReviewClosed).data).toMatchObject({ outcome: 'recommended', tally: { approve: 5, approvalBase: 5, approved: true } });
  });

  it('a non-voting secretary owes no ballot', () => {
    const j = upTo(TO_REVIEW);
    expect(membersOwingBallot(j.state)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(membersOwingBallot(j.state)).not.toContain('sec');
  });

  it('a review opened before the voting members were recorded still folds, with its panel as the base', () => {
    const j = before(TO_REVIEW);
    const [opened, ...rest] = j.decide({ type: 'openReview', data: { reviewId: 'r1' } }, secretary) as [ReviewOpened, ...InitiativeEvent[]];
    const { votingMembers: _dropped, ...old } = opened.data;
    const legacy: InitiativeEvent = { type: 'ReviewOpened', data: { ...old, panel: ['m1', 'm2', 'm3'] } };
    const state = [...j.events, legacy, ...rest].reduce(evolveInitiative, initialInitiativeState());
    const review = state.kind === 'initiative' ? state.reviews[0]! : undefined;
    expect(review?.votingMembers).toBeUndefined();
    expect(tallyReview(review!, appliedRule(recognition), ['approve', 'approve']).tally).toMatchObject({ eligible: 3, quorumMet: true });
  });

  it('the panel selection parameter is "council" or "subset"', () => {
    const bad = { ...initiativeRecognition, parameters: { ...initiativeRecognition.parameters, panelSelection: 'anyone' as 'council' } };
    expect(definitionProblems(bad)).toContain('parameters.panelSelection "anyone" must be "council" or "subset"');
    expect(definitionProblems({ ...initiativeRecognition, parameters: { ...initiativeRecognition.parameters, panelSelection: 'subset' } })).toEqual([]);
  });
});
