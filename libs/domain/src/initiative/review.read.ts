import { InitiativeState, Review, ScoreSheet, currentReview, hasVoted, isRecused } from './initiative.state';

export interface VisibleScores {
  own?: ScoreSheet;
  others: ScoreSheet[];
  /** True while the viewer may not yet see the others' sheets. */
  othersHidden: boolean;
}

const findReview = (state: InitiativeState, reviewId?: string): Review | undefined =>
  state.kind === 'initiative' && reviewId !== undefined ? state.reviews.find((r) => r.reviewId === reviewId) : currentReview(state);

/**
 * No anchoring: while a review is open, a viewer sees the other members' scores only
 * after submitting their own. This holds for the chair and the council secretary too;
 * once the review is closed every sheet is visible to whoever may read the review.
 */
export const visibleScores = (state: InitiativeState, viewerUserId: string, reviewId?: string): VisibleScores => {
  const review = findReview(state, reviewId);
  if (!review) return { others: [], othersHidden: false };
  const own = review.scores.find((s) => s.memberId === viewerUserId);
  const others = review.scores.filter((s) => s.memberId !== viewerUserId);
  const maySee = review.status === 'closed' || own !== undefined;
  return { ...(own ? { own } : {}), others: maySee ? others : [], othersHidden: !maySee && others.length > 0 };
};

/** Eligible members of the open review who have not voted: the reminder's recipients. */
export const membersOwingBallot = (state: InitiativeState): string[] => {
  const review = currentReview(state);
  if (!review || review.status !== 'open') return [];
  return review.panel.filter((m) => !isRecused(review, m) && !hasVoted(review, m));
};

export const membersOwingScores = (state: InitiativeState): string[] => {
  const review = currentReview(state);
  if (!review || review.status !== 'open') return [];
  return review.panel.filter((m) => !isRecused(review, m) && !review.scores.some((s) => s.memberId === m));
};
