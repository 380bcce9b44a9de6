import type { Command } from '../shared/decider';
import type { CommandName } from '../workflow/vocabulary';

export interface Author {
  name: string;
  userId?: string;
}

export interface DossierDocument {
  /** The document's kind as named in `requiredDocuments`, e.g. request_letter. */
  name: string;
  sha256: string;
  url?: string;
  /** The file's own name on the officer's machine (the file itself never has to leave it). */
  fileName?: string;
  /** Size of the file in bytes. */
  size?: number;
  /** The file's media type, e.g. application/pdf. */
  mediaType?: string;
}

export const CHOICES = ['approve', 'reject', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export type Indicators = Record<string, unknown>;

export type RegisterInitiative = Command<
  'register',
  { initiativeId: string; movementId: string; unitId: string; title: string; summary: string; field: string; authors: Author[] }
>;
export type ReportProgress = Command<'reportProgress', { reportId: string; summary: string; indicators?: Indicators }>;
export type SubmitSelfAssessment = Command<'submitSelfAssessment', { summary: string; selfScore?: number }>;
export type Nominate = Command<
  'nominate',
  { awardForm: string; councilId?: string; level?: string; statement: string; documents: DossierDocument[] }
>;
export type Screen = Command<'screen', { outcome: 'accepted' | 'returned'; reason?: string }>;
export type Resubmit = Command<'resubmit', { statement?: string; documents?: DossierDocument[] }>;
export type OpenReview = Command<'openReview', { reviewId: string; deadline?: string; panel?: string[] }>;
export type DeclareConflict = Command<'declareConflict', { reason: string }>;
/** `comments`: an optional comment per rubric criterion, beside the sheet's overall `comment`. */
export type SubmitScores = Command<'submitScores', { scores: Record<string, number>; comment?: string; comments?: Record<string, string> }>;
/**
 * Open reviews carry `choice`. Secret reviews carry only `sealedChoice`, encrypted by
 * the app layer with the review's key; a plain choice is refused so it never reaches the log.
 */
export type CastBallot = Command<'castBallot', { choice?: Choice; sealedChoice?: string }>;
/** Secret reviews: `revealedChoices` unsealed by the app layer, shuffled, with no voter link. */
export type CloseReview = Command<'closeReview', { revealedChoices?: Choice[] }>;
export type OpenConsultation = Command<'openConsultation', { consultationId: string; closesAt?: string }>;
export type FileObjection = Command<'fileObjection', { objectionId: string; text: string; contact?: string }>;
export type ResolveObjection = Command<'resolveObjection', { objectionId: string; outcome: 'upheld' | 'dismissed'; reason: string }>;
export type CloseConsultation = Command<'closeConsultation', Record<string, never>>;
export type RecordDecision = Command<
  'recordDecision',
  {
    outcome: 'granted' | 'declined';
    awardForm?: string;
    decisionNo?: string;
    decidedOn?: string;
    signedBy?: string;
    reason?: string;
  }
>;
export type Publish = Command<'publish', { channel: string; url?: string }>;
export type ReportReplication = Command<
  'reportReplication',
  { replicationId: string; adoptingUnitId: string; startedOn: string; note?: string }
>;
export type RecordReplicationResult = Command<
  'recordReplicationResult',
  { replicationId: string; outcome: string; indicators?: Indicators }
>;
export type Escalate = Command<'escalate', { councilId: string }>;
export type Revoke = Command<'revoke', { reason: string; legalBasis?: string }>;
export type Withdraw = Command<'withdraw', { reason: string }>;

export type InitiativeCommand =
  | RegisterInitiative
  | ReportProgress
  | SubmitSelfAssessment
  | Nominate
  | Screen
  | Resubmit
  | OpenReview
  | DeclareConflict
  | SubmitScores
  | CastBallot
  | CloseReview
  | OpenConsultation
  | FileObjection
  | ResolveObjection
  | CloseConsultation
  | RecordDecision
  | Publish
  | ReportReplication
  | RecordReplicationResult
  | Escalate
  | Revoke
  | Withdraw;

// The engine's vocabulary and the command union must name the same commands.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const commandsMatchVocabulary: Same<InitiativeCommand['type'], CommandName> = true;
