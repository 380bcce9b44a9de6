import type { ScheduledTimer } from '../workflow/engine';
import type { StageId } from '../workflow/definition';
import type { Author, Choice, DossierDocument, Indicators } from './initiative.commands';
import type { AppliedRule, RecusalReason, ReviewOutcome, ScoreSummary, Tally } from './initiative.events';

export interface ScoreSheet {
  memberId: string;
  scores: Record<string, number>;
  comment?: string;
  /** A comment per rubric criterion (absent in older events). */
  comments?: Record<string, string>;
  submittedAt: string;
}

interface ReviewRecord {
  reviewId: string;
  cycle: number;
  councilId: string;
  level: string;
  panel: string[];
  /** The council's voting members at opening (base "all_members"); absent in older events. */
  votingMembers?: string[];
  recusals: { memberId: string; reason: RecusalReason }[];
  scores: ScoreSheet[];
  /** Open reviews only: who chose what. */
  ballots: { memberId: string; choice: Choice }[];
  /** Secret reviews: who voted, and the sealed ballots kept apart from the voters. */
  secretVoters: string[];
  sealedChoices: string[];
  secretBallot: boolean;
  deadline: string;
  openedAt: string;
}

export type Review =
  | ({ status: 'open' } & ReviewRecord)
  | ({ status: 'closed'; outcome: ReviewOutcome; tally: Tally; rule: AppliedRule; scoreSummary?: ScoreSummary; closedAt: string } & ReviewRecord);

export interface Consultation {
  consultationId: string;
  opensAt: string;
  closesAt: string;
  status: 'open' | 'closed';
}

interface ObjectionRecord {
  objectionId: string;
  consultationId: string;
  text: string;
  contact?: string;
  filedAt: string;
}

export type Objection =
  | ({ status: 'open' } & ObjectionRecord)
  | ({ status: 'upheld' | 'dismissed'; reason: string; resolvedAt: string } & ObjectionRecord);

/** One award decision; revocation flags it, nothing is removed. */
export interface Recognition {
  level: string;
  awardForm: string;
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  councilId?: string;
  reviewId?: string;
  definitionId: string;
  definitionVersion: number;
  countsTowardsHigherAwards: boolean;
  revoked: boolean;
  revocation?: { reason: string; legalBasis?: string; revokedAt: string };
}

export interface Replication {
  replicationId: string;
  adoptingUnitId: string;
  startedOn: string;
  note?: string;
  /** The recognition level the replication counts towards. */
  level: string;
  results: { outcome: string; indicators?: Indicators; recordedAt: string }[];
}

export interface Initiative {
  kind: 'initiative';
  initiativeId: string;
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: Author[];
  /** The pinned definition: set at registration, re-pinned to the newest at each nomination. */
  definitionId: string;
  definitionVersion: number;
  /** Empty only between InitiativeRegistered and the StageChanged that follows it. */
  stage: StageId;
  level?: string;
  councilId?: string;
  awardForm?: string;
  registeredAt: string;
  progressReports: { reportId: string; summary: string; indicators?: Indicators; reportedAt: string }[];
  selfAssessment?: { summary: string; selfScore?: number; submittedAt: string };
  dossier: { statement?: string; documents: DossierDocument[] };
  reviews: Review[];
  consultations: Consultation[];
  objections: Objection[];
  recognitions: Recognition[];
  replications: Replication[];
  publications: { channel: string; url?: string; publishedAt: string }[];
  withdrawal?: { reason: string; withdrawnAt: string };
  /** Timers of the current stage, replaced on every stage change. */
  timers: ScheduledTimer[];
}

export type InitiativeState = { kind: 'none' } | Initiative;

export const initialInitiativeState = (): InitiativeState => ({ kind: 'none' });

export const currentReview = (state: InitiativeState): Review | undefined =>
  state.kind === 'initiative' ? state.reviews[state.reviews.length - 1] : undefined;

export const currentConsultation = (state: InitiativeState): Consultation | undefined =>
  state.kind === 'initiative' ? state.consultations[state.consultations.length - 1] : undefined;

export const isRecused = (review: Review, memberId: string): boolean => review.recusals.some((r) => r.memberId === memberId);

export const hasVoted = (review: Review, memberId: string): boolean =>
  review.ballots.some((b) => b.memberId === memberId) || review.secretVoters.includes(memberId);

/** Distinct adopting units at the initiative's current level. */
export const distinctAdopters = (state: InitiativeState): number =>
  state.kind === 'initiative'
    ? new Set(state.replications.filter((r) => r.level === state.level).map((r) => r.adoptingUnitId)).size
    : 0;
