import type { DomainEvent } from '../shared/decider';
import type { ScheduledTimer } from '../workflow/engine';
import type { ApprovalRule, QuorumRule, StageId } from '../workflow/definition';
import type { CommandName } from '../workflow/vocabulary';
import type { Author, Choice, DossierDocument, Indicators } from './initiative.commands';

type E<T extends string, D> = DomainEvent<T, { initiativeId: string } & D>;

export type RecusalReason = 'automatic:nominating_unit' | 'automatic:author' | 'declared_conflict';
export type ReviewOutcome = 'recommended' | 'not_recommended' | 'no_quorum';

export interface Tally {
  panel: number;
  recused: number;
  /** Panel members not recused: the base for quorum and for `all_members`. */
  eligible: number;
  voted: number;
  approve: number;
  reject: number;
  abstain: number;
  quorumMet: boolean;
  approvalBase: number;
  approved: boolean;
}

/** The rule exactly as applied, so a later definition version cannot reinterpret the result. */
export interface AppliedRule {
  definitionId: string;
  definitionVersion: number;
  quorum: QuorumRule;
  approval: ApprovalRule;
  secretBallot: boolean;
}

export interface ScoreSummary {
  sheets: number;
  /** Mean weighted score on a 0–100 scale. */
  average: number;
}

export type InitiativeRegistered = E<
  'InitiativeRegistered',
  {
    movementId: string;
    unitId: string;
    title: string;
    summary: string;
    field: string;
    authors: Author[];
    definitionId: string;
    definitionVersion: number;
    registeredAt: string;
  }
>;
export type ProgressReported = E<'ProgressReported', { reportId: string; summary: string; indicators?: Indicators; reportedAt: string }>;
export type SelfAssessmentSubmitted = E<'SelfAssessmentSubmitted', { summary: string; selfScore?: number; submittedAt: string }>;
export type InitiativeNominated = E<
  'InitiativeNominated',
  {
    awardForm: string;
    councilId?: string;
    level: string;
    statement: string;
    documents: DossierDocument[];
    definitionId: string;
    definitionVersion: number;
    nominatedAt: string;
  }
>;
export type DossierAccepted = E<'DossierAccepted', { screenedAt: string }>;
export type DossierReturned = E<'DossierReturned', { reason: string; screenedAt: string }>;
export type DossierResubmitted = E<'DossierResubmitted', { statement?: string; documents: DossierDocument[]; resubmittedAt: string }>;
export type ReviewOpened = E<
  'ReviewOpened',
  {
    reviewId: string;
    cycle: number;
    councilId: string;
    level: string;
    panel: string[];
    /** The council's voting members at opening: the base "all_members". Absent in events before it was recorded (the panel then). */
    votingMembers?: string[];
    deadline: string;
    secretBallot: boolean;
    openedAt: string;
  }
>;
export type MemberRecused = E<'MemberRecused', { reviewId: string; memberId: string; reason: RecusalReason }>;
export type ConflictDeclared = E<'ConflictDeclared', { reviewId: string; memberId: string; reason: string; declaredAt: string }>;
export type ScoresSubmitted = E<
  'ScoresSubmitted',
  { reviewId: string; memberId: string; scores: Record<string, number>; comment?: string; comments?: Record<string, string>; submittedAt: string }
>;
export type BallotCast = E<'BallotCast', { reviewId: string; memberId: string; choice: Choice; castAt: string }>;
/** Records that the member voted; `sealedChoice` is unreadable once the review key is destroyed. */
export type SecretBallotCast = E<'SecretBallotCast', { reviewId: string; memberId: string; sealedChoice: string; castAt: string }>;
/** The secretary reminded the panel members who still owe scores or a ballot (who, never what they chose). */
export type ReviewersReminded = E<'ReviewersReminded', { reviewId: string; memberIds: string[]; remindedAt: string }>;
export type ReviewClosed = E<
  'ReviewClosed',
  {
    reviewId: string;
    cycle: number;
    outcome: ReviewOutcome;
    tally: Tally;
    rule: AppliedRule;
    scoreSummary?: ScoreSummary;
    closedAt: string;
  }
>;
export type ConsultationOpened = E<'ConsultationOpened', { consultationId: string; opensAt: string; closesAt: string }>;
export type ObjectionFiled = E<
  'ObjectionFiled',
  { consultationId: string; objectionId: string; text: string; contact?: string; filedAt: string }
>;
export type ObjectionResolved = E<
  'ObjectionResolved',
  { objectionId: string; outcome: 'upheld' | 'dismissed'; reason: string; resolvedAt: string }
>;
export type ConsultationClosed = E<'ConsultationClosed', { consultationId: string; openObjections: number; closedAt: string }>;
export type AwardGranted = E<
  'AwardGranted',
  {
    awardForm: string;
    level: string;
    decisionNo: string;
    decidedOn: string;
    signedBy: string;
    councilId?: string;
    reviewId?: string;
    definitionId: string;
    definitionVersion: number;
    countsTowardsHigherAwards: boolean;
    grantedAt: string;
  }
>;
export type AwardDeclined = E<'AwardDeclined', { reason?: string; decidedOn: string; declinedAt: string }>;
export type InitiativePublished = E<'InitiativePublished', { channel: string; url?: string; publishedAt: string }>;
export type ReplicationReported = E<
  'ReplicationReported',
  { replicationId: string; adoptingUnitId: string; startedOn: string; note?: string; level: string; reportedAt: string }
>;
export type ReplicationResultRecorded = E<
  'ReplicationResultRecorded',
  { replicationId: string; outcome: string; indicators?: Indicators; recordedAt: string }
>;
export type InitiativeEscalated = E<
  'InitiativeEscalated',
  { fromLevel: string; toLevel: string; councilId: string; definitionId: string; definitionVersion: number; escalatedAt: string }
>;
export type AwardRevoked = E<
  'AwardRevoked',
  { decisionNo: string; level: string; reason: string; legalBasis?: string; revokedAt: string }
>;
export type InitiativeWithdrawn = E<'InitiativeWithdrawn', { reason: string; withdrawnAt: string }>;
/** Emitted by the engine whenever a transition changes the stage; carries the timers to schedule. */
export type StageChanged = E<
  'StageChanged',
  {
    from: StageId | null;
    to: StageId;
    through: StageId[];
    via: CommandName;
    outcome?: string;
    timers: ScheduledTimer[];
    definitionId: string;
    definitionVersion: number;
    at: string;
  }
>;

export type InitiativeEvent =
  | InitiativeRegistered
  | ProgressReported
  | SelfAssessmentSubmitted
  | InitiativeNominated
  | DossierAccepted
  | DossierReturned
  | DossierResubmitted
  | ReviewOpened
  | MemberRecused
  | ConflictDeclared
  | ScoresSubmitted
  | BallotCast
  | SecretBallotCast
  | ReviewersReminded
  | ReviewClosed
  | ConsultationOpened
  | ObjectionFiled
  | ObjectionResolved
  | ConsultationClosed
  | AwardGranted
  | AwardDeclined
  | InitiativePublished
  | ReplicationReported
  | ReplicationResultRecorded
  | InitiativeEscalated
  | AwardRevoked
  | InitiativeWithdrawn
  | StageChanged;

export type InitiativeEventType = InitiativeEvent['type'];
