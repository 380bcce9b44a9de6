import { DomainErrorCode, fail } from '../shared/errors';
import { addDuration, isWithinMaxPeriod } from '../shared/duration';
import { isIsoDate, optionalText, requireText } from '../shared/validation';
import { CHOICES, Choice } from './initiative.commands';
import { Handler, HandlerInput, compact } from './handler';
import { Review, currentReview, hasVoted, isRecused } from './initiative.state';
import { votingMembers } from './authority';
import { appliedRule, automaticRecusals, criterionComments, scoreSummary, tallyReview, validateScores } from './review.policy';

export const openReview: Handler<'openReview'> = ({ command, state, context }) => {
  const council = context.council;
  if (!council || council.status !== 'active' || council.councilId !== state.councilId) {
    return fail(DomainErrorCode.VALIDATION_FAILED, `The context must carry the assigned council ${state.councilId ?? '(none)'}`);
  }
  // The panel is the council's voting members; only a definition that says so lets the secretary pick some.
  const voters = votingMembers(council);
  const requested = command.data.panel;
  if (requested !== undefined && (context.definition.parameters.panelSelection ?? 'council') === 'council') {
    fail(DomainErrorCode.VALIDATION_FAILED, 'This track reviews with every voting member of the council: panel cannot be chosen');
  }
  const panel = [...new Set(requested ?? voters)];
  const strangers = panel.filter((m) => !voters.includes(m));
  if (strangers.length > 0) fail(DomainErrorCode.NOT_COUNCIL_MEMBER, `Not voting members of council ${council.councilId}: ${strangers.join(', ')}`);
  if (panel.length === 0) fail(DomainErrorCode.VALIDATION_FAILED, 'The panel is empty');
  const { reviewPeriod, secretBallot } = context.definition.parameters;
  const deadline = command.data.deadline ?? (reviewPeriod ? addDuration(context.now, reviewPeriod) : undefined);
  if (!isIsoDate(deadline) || Date.parse(deadline) <= Date.parse(context.now) || !isWithinMaxPeriod(context.now, deadline)) {
    return fail(DomainErrorCode.VALIDATION_FAILED, 'deadline must be an instant after now, at most 5 years ahead');
  }
  const reviewId = requireText(command.data.reviewId, 'reviewId');
  const initiativeId = state.initiativeId;
  const recusals = automaticRecusals(voters, state, context.memberUnits ?? {});
  return {
    anchors: { reviewDeadline: new Date(deadline).toISOString() },
    events: [
      {
        type: 'ReviewOpened',
        data: {
          initiativeId,
          reviewId,
          cycle: state.reviews.length + 1,
          councilId: council.councilId,
          level: council.level,
          panel,
          votingMembers: voters,
          deadline,
          secretBallot: secretBallot ?? false,
          openedAt: context.now,
        },
      },
      ...recusals.map((r) => ({ type: 'MemberRecused' as const, data: { initiativeId, reviewId, ...r } })),
    ],
  };
};

/** The review a member acts on: must be open, they must sit on its panel and not be recused. */
const reviewForMember = ({ state, context }: Pick<HandlerInput<'castBallot'>, 'state' | 'context'>): Review => {
  const review = currentReview(state);
  if (!review) return fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, 'No review has been opened');
  if (review.status === 'closed') return fail(DomainErrorCode.REVIEW_CLOSED, `Review ${review.reviewId} is closed`);
  const memberId = context.actor.userId;
  if (!review.panel.includes(memberId)) fail(DomainErrorCode.NOT_COUNCIL_MEMBER, `${memberId} is not on the panel of review ${review.reviewId}`);
  if (isRecused(review, memberId)) fail(DomainErrorCode.CONFLICT_OF_INTEREST, `${memberId} is recused from review ${review.reviewId}`);
  return review;
};

export const declareConflict: Handler<'declareConflict'> = (input) => {
  const review = reviewForMember(input);
  const { state, context, command } = input;
  const memberId = context.actor.userId;
  // A sealed ballot cannot be taken back, so a conflict must be declared before voting.
  if (hasVoted(review, memberId)) fail(DomainErrorCode.ALREADY_VOTED, 'A conflict must be declared before voting');
  const reason = requireText(command.data.reason, 'reason');
  const ids = { initiativeId: state.initiativeId, reviewId: review.reviewId, memberId };
  return {
    events: [
      { type: 'ConflictDeclared', data: { ...ids, reason, declaredAt: context.now } },
      { type: 'MemberRecused', data: { ...ids, reason: 'declared_conflict' } },
    ],
  };
};

export const submitScores: Handler<'submitScores'> = (input) => {
  const review = reviewForMember(input);
  const { state, context, command } = input;
  const memberId = context.actor.userId;
  // Scores are final: changing them after seeing the others' would be anchoring.
  if (review.scores.some((s) => s.memberId === memberId)) fail(DomainErrorCode.ALREADY_SCORED, `${memberId} has already scored`);
  const rubric = context.definition.parameters.rubric ?? [];
  if (rubric.length === 0) fail(DomainErrorCode.VALIDATION_FAILED, 'This track has no rubric to score against');
  validateScores(rubric, command.data.scores);
  const comments = criterionComments(rubric, command.data.comments);
  return {
    events: [
      {
        type: 'ScoresSubmitted',
        data: compact({
          initiativeId: state.initiativeId,
          reviewId: review.reviewId,
          memberId,
          scores: { ...command.data.scores },
          comment: optionalText(command.data.comment, 'comment'),
          comments,
          submittedAt: context.now,
        }),
      },
    ],
  };
};

export const castBallot: Handler<'castBallot'> = (input) => {
  const review = reviewForMember(input);
  const { state, context, command } = input;
  const memberId = context.actor.userId;
  if (hasVoted(review, memberId)) fail(DomainErrorCode.ALREADY_VOTED, `${memberId} has already voted in review ${review.reviewId}`);
  const ids = { initiativeId: state.initiativeId, reviewId: review.reviewId, memberId, castAt: context.now };
  const { choice, sealedChoice } = command.data;
  if (review.secretBallot) {
    if (choice !== undefined) fail(DomainErrorCode.VALIDATION_FAILED, 'A secret ballot carries only sealedChoice, never a plain choice');
    return { events: [{ type: 'SecretBallotCast', data: { ...ids, sealedChoice: requireText(sealedChoice, 'sealedChoice') } }] };
  }
  if (sealedChoice !== undefined) fail(DomainErrorCode.VALIDATION_FAILED, 'This review votes openly: send choice');
  if (!CHOICES.includes(choice as Choice)) fail(DomainErrorCode.VALIDATION_FAILED, `choice must be one of ${CHOICES.join(', ')}`);
  return { events: [{ type: 'BallotCast', data: { ...ids, choice: choice as Choice } }] };
};

export const closeReview: Handler<'closeReview'> = ({ command, state, context }) => {
  const review = currentReview(state);
  if (!review || review.status !== 'open') return fail(DomainErrorCode.REVIEW_CLOSED, 'No open review to close');
  const revealed = command.data.revealedChoices;
  let choices: Choice[];
  if (review.secretBallot) {
    if (!Array.isArray(revealed) || revealed.some((c) => !CHOICES.includes(c))) {
      return fail(DomainErrorCode.VALIDATION_FAILED, 'revealedChoices must list the unsealed choices');
    }
    if (revealed.length !== review.secretVoters.length) {
      fail(DomainErrorCode.BALLOT_COUNT_MISMATCH, `${revealed.length} choices revealed for ${review.secretVoters.length} voters`);
    }
    choices = revealed;
  } else {
    if (revealed !== undefined) fail(DomainErrorCode.VALIDATION_FAILED, 'revealedChoices belong to secret ballots only');
    choices = review.ballots.map((b) => b.choice);
  }
  const rule = appliedRule(context.definition);
  const { tally, outcome } = tallyReview(review, rule, choices);
  return {
    outcome,
    events: [
      {
        type: 'ReviewClosed',
        data: compact({
          initiativeId: state.initiativeId,
          reviewId: review.reviewId,
          cycle: review.cycle,
          outcome,
          tally,
          rule,
          scoreSummary: scoreSummary(context.definition.parameters.rubric ?? [], review),
          closedAt: context.now,
        }),
      },
    ],
  };
};
