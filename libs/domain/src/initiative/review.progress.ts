import type { CouncilState } from '../council/council';
import type { Actor } from '../shared/context';
import { DomainErrorCode, fail } from '../shared/errors';
import { hasAnyRole } from '../shared/context';
import { holdsCouncilRole } from './authority';
import type { ReviewersReminded } from './initiative.events';
import { InitiativeState, Review, currentReview, hasVoted } from './initiative.state';

/*
 * A review's progress, as its secretary follows it: per panel member whether they have scored and
 * whether they have voted — never what. The same facts decide who a reminder goes to.
 */

export interface MemberProgress {
  memberId: string;
  recused: boolean;
  /** Why the member is recused (automatic:nominating_unit, automatic:author, declared_conflict). */
  recusalReason: string | null;
  scored: boolean;
  voted: boolean;
  /** Eligible and still owing scores (where the track has a rubric) or a ballot. */
  owing: boolean;
}

export interface ReviewProgress {
  reviewId: string;
  status: Review['status'];
  secretBallot: boolean;
  rubric: boolean;
  members: MemberProgress[];
  eligible: number;
  scored: number;
  voted: number;
}

/** Who has done what on the review: participation only (a secret ballot's choice is not in the state, an open one is not read). */
export const reviewProgress = (review: Review, withRubric: boolean): ReviewProgress => {
  const members = review.panel.map((memberId): MemberProgress => {
    const recusal = review.recusals.find((r) => r.memberId === memberId);
    const scored = review.scores.some((s) => s.memberId === memberId);
    const voted = hasVoted(review, memberId);
    return {
      memberId,
      recused: recusal !== undefined,
      recusalReason: recusal?.reason ?? null,
      scored,
      voted,
      owing: review.status === 'open' && recusal === undefined && (!voted || (withRubric && !scored)),
    };
  });
  const eligible = members.filter((m) => !m.recused);
  return {
    reviewId: review.reviewId,
    status: review.status,
    secretBallot: review.secretBallot,
    rubric: withRubric,
    members,
    eligible: eligible.length,
    scored: eligible.filter((m) => m.scored).length,
    voted: eligible.filter((m) => m.voted).length,
  };
};

export interface RemindReviewersInput {
  actor: Actor;
  now: string;
  /** The council the nomination is assigned to. */
  assignedCouncil: CouncilState | undefined;
  /** Whether the pinned definition scores against a rubric (then unscored members owe too). */
  withRubric: boolean;
}

/**
 * Reminds the eligible panel members who still owe their scores or their ballot. Only a secretary
 * of the assigned council reminds, only while the review is open, and only when someone still owes.
 */
export const remindReviewers = (state: InitiativeState, { actor, now, assignedCouncil, withRubric }: RemindReviewersInput): ReviewersReminded[] => {
  if (state.kind !== 'initiative') return fail(DomainErrorCode.NOT_FOUND, 'Initiative not found');
  if (!hasAnyRole(actor, ['secretary'])) return fail(DomainErrorCode.FORBIDDEN, 'Only a council secretary sends reminders');
  if (!holdsCouncilRole(assignedCouncil, actor.userId, ['secretary'])) {
    return fail(DomainErrorCode.FORBIDDEN, `A secretary reminds only in reviews of a council where they hold the secretary role (this one: ${state.councilId ?? '(none)'})`);
  }
  const review = currentReview(state);
  if (!review) return fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, 'No review has been opened');
  if (review.status !== 'open') return fail(DomainErrorCode.REVIEW_CLOSED, `Review ${review.reviewId} is closed`);
  const memberIds = reviewProgress(review, withRubric).members.filter((m) => m.owing).map((m) => m.memberId);
  if (memberIds.length === 0) return fail(DomainErrorCode.NOTHING_OWED, 'Every eligible member has scored and voted: there is no one to remind');
  return [{ type: 'ReviewersReminded', data: { initiativeId: state.initiativeId, reviewId: review.reviewId, memberIds, remindedAt: now } }];
};
