import type { Guard, GuardRegistry } from '../workflow/engine';
import { isAtOrAfter } from '../shared/duration';
import type { InitiativeCommand } from './initiative.commands';
import type { InitiativeContext } from './initiative.context';
import { Initiative, InitiativeState, currentConsultation, currentReview, distinctAdopters } from './initiative.state';

export interface GuardInput {
  /** State before the command. */
  before: InitiativeState;
  /** State with the command's facts applied, stage not yet moved. */
  after: Initiative;
  command: InitiativeCommand;
  context: InitiativeContext;
}

const movementLaunched: Guard<GuardInput> = ({ after, context }) => {
  const movement = context.movement;
  if (!movement || movement.status === 'none' || movement.movementId !== after.movementId) return 'the movement was not found';
  return movement.status === 'launched' ? undefined : `the movement is ${movement.status}, not launched`;
};

const dossierComplete: Guard<GuardInput> = ({ after, context }) => {
  const missing = (context.definition.parameters.requiredDocuments ?? []).filter(
    (name) => !after.dossier.documents.some((d) => d.name === name),
  );
  return missing.length === 0 ? undefined : `the dossier lacks ${missing.join(', ')}`;
};

/** Fails closed: without the standing record no award may be granted. */
const nomineeInGoodStanding: Guard<GuardInput> = ({ context }) => {
  const standing = context.nomineeStanding;
  if (!standing) return "the nominee's discipline and investigation record was not supplied";
  if (standing.underDiscipline) return 'the nominee is under discipline';
  if (standing.underInvestigation) return 'the nominee is under investigation';
  return undefined;
};

const noOpenObjection: Guard<GuardInput> = ({ after }) => {
  const open = after.objections.filter((o) => o.status === 'open').map((o) => o.objectionId);
  return open.length === 0 ? undefined : `open objection ${open.join(', ')} must be resolved before the decision`;
};

const consultationWindowOpen: Guard<GuardInput> = ({ before, context }) => {
  const consultation = currentConsultation(before);
  if (!consultation || consultation.status !== 'open') return 'no consultation is open';
  return isAtOrAfter(context.now, consultation.closesAt) ? `the consultation closed at ${consultation.closesAt}` : undefined;
};

const consultationWindowEnded: Guard<GuardInput> = ({ before, context }) => {
  const consultation = currentConsultation(before);
  if (!consultation) return 'no consultation was opened';
  return isAtOrAfter(context.now, consultation.closesAt) ? undefined : `the consultation runs until ${consultation.closesAt}`;
};

const reviewWindowOpen: Guard<GuardInput> = ({ before, context }) => {
  const review = currentReview(before);
  if (!review) return 'no review is open';
  return Date.parse(context.now) > Date.parse(review.deadline) ? `the review deadline ${review.deadline} has passed` : undefined;
};

const replicationThresholdMet: Guard<GuardInput> = ({ before, context }) => {
  const needed = context.definition.parameters.replicationsForEscalation ?? Infinity;
  const have = distinctAdopters(before);
  return have >= needed ? undefined : `${have} of ${needed} distinct units have replicated the initiative`;
};

const nextLevelCouncil: Guard<GuardInput> = ({ before, context }) => {
  const council = context.council;
  if (!council || council.status !== 'active') return 'the council was not found';
  const current = before.kind === 'initiative' ? before.level : undefined;
  if (council.level === current) return `the council is at the current level ${council.level}`;
  const levels = context.levels;
  if (levels && current !== undefined && !(levels.indexOf(council.level) >= 0 && levels.indexOf(council.level) < levels.indexOf(current))) {
    return `level ${council.level} is not above ${current}`;
  }
  return undefined;
};

export const INITIATIVE_GUARDS: GuardRegistry<GuardInput> = {
  movementLaunched,
  progressReported: ({ after }) => (after.progressReports.length > 0 ? undefined : 'no progress report yet'),
  selfAssessmentSubmitted: ({ after }) => (after.selfAssessment ? undefined : 'no self-assessment yet'),
  dossierComplete,
  nomineeInGoodStanding,
  noOpenObjection,
  consultationWindowOpen,
  consultationWindowEnded,
  reviewWindowOpen,
  replicationThresholdMet,
  nextLevelCouncil,
};
