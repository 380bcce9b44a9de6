import type { InitiativeEvent, WorkflowDefinition } from '@laurel/domain';
import type { RecordedEvent } from '@laurel/event-store';

/** What one panel member owes one review. */
export interface ReviewDuty {
  review_id: string;
  member_id: string;
  initiative_id: string;
  title: string;
  council_id: string;
  level: string;
  cycle: number;
  deadline: string;
  opened_at: string;
  secret_ballot: boolean;
  scores_expected: boolean;
  recused: boolean;
  scored: boolean;
  voted: boolean;
  open: boolean;
}

/** Per initiative: the stream version applied, and what a review opened on it needs to know. */
export interface ReviewSubject {
  initiative_id: string;
  version: number;
  title: string;
  definition_id: string;
  definition_version: number;
}

/** The duties of one initiative's reviews, keyed `reviewId/memberId`. */
export type Duties = Map<string, ReviewDuty>;

export const dutyKey = (reviewId: string, memberId: string): string => `${reviewId}/${memberId}`;

/** Whether members of reviews under this definition are asked for rubric scores. */
export const expectsScores = (definition: Pick<WorkflowDefinition, 'stages'>): boolean =>
  definition.stages.some((stage) => stage.kind === 'active' && stage.transitions.some((t) => t.command === 'submitScores'));

/**
 * Folds one initiative event into its subject and duties (mutating both). Only *that* a member
 * voted is kept: a secret ballot's sealed choice is never read.
 */
export function evolveDuties(
  subject: ReviewSubject | undefined,
  duties: Duties,
  recorded: RecordedEvent,
  scoresExpected: (definitionId: string, version: number) => boolean,
): ReviewSubject | undefined {
  const event = { type: recorded.type, data: recorded.data } as InitiativeEvent;
  const id = recorded.streamName.slice('initiative-'.length);
  if (event.type === 'InitiativeRegistered') {
    return subject ?? { initiative_id: id, version: recorded.streamVersion, title: event.data.title, definition_id: event.data.definitionId, definition_version: event.data.definitionVersion };
  }
  if (!subject) return undefined;
  const next = { ...subject, version: recorded.streamVersion };
  const touch = (reviewId: string, memberId: string, change: Partial<ReviewDuty>) => {
    const duty = duties.get(dutyKey(reviewId, memberId));
    if (duty) duties.set(dutyKey(reviewId, memberId), { ...duty, ...change });
  };
  switch (event.type) {
    case 'InitiativeNominated':
    case 'InitiativeEscalated':
      return { ...next, definition_id: event.data.definitionId, definition_version: event.data.definitionVersion };
    case 'ReviewOpened': {
      const d = event.data;
      const scores = scoresExpected(next.definition_id, next.definition_version);
      for (const memberId of d.panel) {
        duties.set(dutyKey(d.reviewId, memberId), {
          review_id: d.reviewId, member_id: memberId, initiative_id: id, title: next.title, council_id: d.councilId, level: d.level, cycle: d.cycle,
          deadline: d.deadline, opened_at: d.openedAt, secret_ballot: d.secretBallot, scores_expected: scores, recused: false, scored: false, voted: false, open: true,
        });
      }
      return next;
    }
    case 'MemberRecused':
      touch(event.data.reviewId, event.data.memberId, { recused: true });
      return next;
    case 'ScoresSubmitted':
      touch(event.data.reviewId, event.data.memberId, { scored: true });
      return next;
    case 'BallotCast':
    case 'SecretBallotCast':
      touch(event.data.reviewId, event.data.memberId, { voted: true });
      return next;
    case 'ReviewClosed':
      for (const duty of duties.values()) if (duty.review_id === event.data.reviewId) touch(duty.review_id, duty.member_id, { open: false });
      return next;
    case 'InitiativeWithdrawn':
      for (const duty of duties.values()) if (duty.open) touch(duty.review_id, duty.member_id, { open: false });
      return next;
    default:
      return next;
  }
}
