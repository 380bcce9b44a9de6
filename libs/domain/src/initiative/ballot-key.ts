import { findStage, type WorkflowDefinition } from '../workflow/definition';
import { currentReview, type InitiativeState } from './initiative.state';

/**
 * Whether the key of secret review `reviewId` may still exist: only while the review can take or
 * count a ballot — it is the initiative's current review, still open, and the current stage of the
 * pinned definition allows `castBallot` or `closeReview`. Every other way a review ends (closed,
 * withdrawn, superseded by a new review cycle, left by any other transition) ends its key, for good:
 * none of these comes back.
 */
export const ballotKeyNeeded = (state: InitiativeState, reviewId: string, definition: Pick<WorkflowDefinition, 'stages'>): boolean => {
  const review = currentReview(state);
  if (state.kind !== 'initiative' || !review || review.reviewId !== reviewId || !review.secretBallot || review.status !== 'open') return false;
  const stage = findStage(definition, state.stage);
  return stage?.kind === 'active' && stage.transitions.some((t) => t.command === 'castBallot' || t.command === 'closeReview');
};
