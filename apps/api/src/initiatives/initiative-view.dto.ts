import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHOICES, ROLES } from '@laurel/domain';
import { CommandResult } from '../http/openapi';

/*
 * OpenAPI descriptions of what initiative-view.ts returns (GET /initiatives/{id}, …/history) and
 * of the ids commands on an initiative create. Field by field as the view builds them.
 */

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class AuthorView {
  @ApiProperty({ type: String, example: 'Nguyễn Văn A' }) name!: string;
  @ApiPropertyOptional({ type: String, example: 'officer-hanoi' }) userId?: string;
}

export class PublicAuthorView {
  @ApiProperty({ type: String, example: 'Nguyễn Văn A' }) name!: string;
}

export class DefinitionRef {
  @ApiProperty({ type: String, example: 'initiative-recognition' }) id!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
}

export class NextTransitionView {
  @ApiProperty({ type: String, example: 'nominate' }) command!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) outcome!: string | null;
  @ApiProperty({ type: String, example: 'nominated' }) to!: string;
  @ApiProperty({ enum: ROLES, isArray: true, example: ['unit_officer'] }) roles!: string[];
}

export class ProgressReportView {
  @ApiProperty({ type: String }) reportId!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiPropertyOptional({ ...OBJECT, description: 'Free-form indicators' }) indicators?: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) reportedAt!: string;
}

export class SelfAssessmentView {
  @ApiProperty({ type: String }) summary!: string;
  @ApiPropertyOptional({ type: Number }) selfScore?: number;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

export class DossierDocumentView {
  @ApiProperty({ type: String, description: 'The kind named in requiredDocuments', example: 'request_letter' }) name!: string;
  @ApiProperty({ type: String, pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file, hex' }) sha256!: string;
  @ApiPropertyOptional({ type: String, description: "The file's name on the nominating unit's machine (the file itself is never sent)", example: 'to-trinh.pdf' }) fileName?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: "The file's size in bytes", example: 48213 }) size?: number;
  @ApiPropertyOptional({ type: String, description: "The file's media type", example: 'application/pdf' }) mediaType?: string;
  @ApiPropertyOptional({ type: String }) url?: string;
}

export class DossierView {
  @ApiPropertyOptional({ type: String }) statement?: string;
  @ApiProperty({ type: () => [DossierDocumentView] }) documents!: DossierDocumentView[];
}

export class RecusalView {
  @ApiProperty({ type: String }) memberId!: string;
  @ApiProperty({ enum: ['automatic:nominating_unit', 'automatic:author', 'declared_conflict'] }) reason!: string;
}

export class BallotView {
  @ApiProperty({ type: String }) memberId!: string;
  @ApiProperty({ enum: CHOICES }) choice!: string;
}

export class ScoreSheetView {
  @ApiProperty({ type: String }) memberId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Score per rubric criterion', example: { novelty: 8 } }) scores!: Record<string, number>;
  @ApiPropertyOptional({ type: String }) comment?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'A comment per rubric criterion', example: { novelty: 'Lần đầu có ở tỉnh' } }) comments?: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

export class ReviewScoresView {
  @ApiPropertyOptional({ type: () => ScoreSheetView, description: "The caller's own sheet, once submitted" }) own?: ScoreSheetView;
  @ApiProperty({ type: () => [ScoreSheetView], description: "Others' sheets: only once the caller has scored (or the review closed)" }) others!: ScoreSheetView[];
  @ApiProperty({ type: Boolean, description: 'Others have scored but the caller may not see it yet' }) othersHidden!: boolean;
}

export class TallyView {
  @ApiProperty({ type: 'integer' }) panel!: number;
  @ApiProperty({ type: 'integer' }) recused!: number;
  @ApiProperty({ type: 'integer', description: 'Panel members not recused' }) eligible!: number;
  @ApiProperty({ type: 'integer' }) voted!: number;
  @ApiProperty({ type: 'integer' }) approve!: number;
  @ApiProperty({ type: 'integer' }) reject!: number;
  @ApiProperty({ type: 'integer' }) abstain!: number;
  @ApiProperty({ type: Boolean }) quorumMet!: boolean;
  @ApiProperty({ type: 'integer' }) approvalBase!: number;
  @ApiProperty({ type: Boolean }) approved!: boolean;
}

export class QuorumRuleView {
  @ApiProperty({ type: String, example: '2/3' }) fraction!: string;
  @ApiProperty({ enum: ['all_members'] }) base!: string;
}

export class ApprovalRuleView {
  @ApiProperty({ type: String, example: '1/2' }) fraction!: string;
  @ApiProperty({ enum: ['all_members', 'members_present', 'ballots_cast'] }) base!: string;
  @ApiProperty({ enum: ['at_least', 'more_than'] }) comparison!: string;
}

export class AppliedRuleView {
  @ApiProperty({ type: String }) definitionId!: string;
  @ApiProperty({ type: 'integer' }) definitionVersion!: number;
  @ApiProperty({ type: () => QuorumRuleView }) quorum!: QuorumRuleView;
  @ApiProperty({ type: () => ApprovalRuleView }) approval!: ApprovalRuleView;
  @ApiProperty({ type: Boolean }) secretBallot!: boolean;
}

export class ScoreSummaryView {
  @ApiProperty({ type: 'integer' }) sheets!: number;
  @ApiProperty({ type: Number, description: 'Mean weighted score, 0–100' }) average!: number;
}

export class ReviewView {
  @ApiProperty({ type: String }) reviewId!: string;
  @ApiProperty({ type: 'integer' }) cycle!: number;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ type: String }) councilId!: string;
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: [String], description: 'Member ids of the panel' }) panel!: string[];
  @ApiProperty({ type: () => [RecusalView] }) recusals!: RecusalView[];
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: Boolean }) secretBallot!: boolean;
  @ApiPropertyOptional({ type: String, description: 'Secret ballots: what the secrecy hides and what a tally can still reveal' }) secrecyNotice?: string;
  @ApiProperty({ type: [String], description: 'Who voted (for a secret ballot, all anyone learns)' }) voters!: string[];
  @ApiProperty({ type: Boolean }) youVoted!: boolean;
  @ApiProperty({ type: Boolean }) youAreRecused!: boolean;
  @ApiProperty({ type: [String], description: 'Open reviews: eligible members who have not voted' }) owingBallot!: string[];
  @ApiPropertyOptional({ type: () => [BallotView], description: 'Open (non-secret) ballots: the choices the caller may see' }) ballots?: BallotView[];
  @ApiProperty({ type: () => ReviewScoresView }) scores!: ReviewScoresView;
  @ApiPropertyOptional({ enum: ['recommended', 'not_recommended', 'no_quorum'], description: 'Closed reviews' }) outcome?: string;
  @ApiPropertyOptional({ type: () => TallyView, description: 'Closed reviews' }) tally?: TallyView;
  @ApiPropertyOptional({ type: () => AppliedRuleView, description: 'Closed reviews: the rule applied' }) rule?: AppliedRuleView;
  @ApiPropertyOptional({ type: () => ScoreSummaryView, nullable: true, description: 'Closed reviews' }) scoreSummary?: ScoreSummaryView | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Closed reviews' }) closedAt?: string;
}

export class ConsultationView {
  @ApiProperty({ type: String }) consultationId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) opensAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
}

export class ObjectionView {
  @ApiProperty({ type: String }) objectionId!: string;
  @ApiProperty({ type: String }) consultationId!: string;
  @ApiProperty({ type: String }) text!: string;
  @ApiPropertyOptional({ type: String, description: 'Only for secretaries, administrators and auditors' }) contact?: string;
  @ApiProperty({ type: String, format: 'date-time' }) filedAt!: string;
  @ApiProperty({ enum: ['open', 'upheld', 'dismissed'] }) status!: string;
  @ApiPropertyOptional({ type: String, description: 'Resolved objections' }) reason?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Resolved objections' }) resolvedAt?: string;
}

export class RevocationView {
  @ApiProperty({ type: String }) reason!: string;
  @ApiPropertyOptional({ type: String }) legalBasis?: string;
  @ApiProperty({ type: String, format: 'date-time' }) revokedAt!: string;
}

export class RecognitionView {
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: String }) awardForm!: string;
  @ApiProperty({ type: String, example: '12/QĐ-UBND' }) decisionNo!: string;
  @ApiProperty({ type: String, example: '2025-06-01' }) decidedOn!: string;
  @ApiProperty({ type: String }) signedBy!: string;
  @ApiPropertyOptional({ type: String }) councilId?: string;
  @ApiPropertyOptional({ type: String }) reviewId?: string;
  @ApiProperty({ type: String }) definitionId!: string;
  @ApiProperty({ type: 'integer' }) definitionVersion!: number;
  @ApiProperty({ type: Boolean }) countsTowardsHigherAwards!: boolean;
  @ApiProperty({ type: Boolean }) revoked!: boolean;
  @ApiPropertyOptional({ type: () => RevocationView }) revocation?: RevocationView;
}

export class ReplicationResultView {
  @ApiProperty({ type: String }) outcome!: string;
  @ApiPropertyOptional(OBJECT) indicators?: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}

export class ReplicationView {
  @ApiProperty({ type: String }) replicationId!: string;
  @ApiProperty({ type: String }) adoptingUnitId!: string;
  @ApiProperty({ type: String }) startedOn!: string;
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiProperty({ type: String, description: 'The recognition level the replication counts towards' }) level!: string;
  @ApiProperty({ type: () => [ReplicationResultView] }) results!: ReplicationResultView[];
}

export class PublicationView {
  @ApiProperty({ type: String }) channel!: string;
  @ApiPropertyOptional({ type: String }) url?: string;
  @ApiProperty({ type: String, format: 'date-time' }) publishedAt!: string;
}

export class WithdrawalView {
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) withdrawnAt!: string;
}

export class TimerView {
  @ApiProperty({ type: String, example: 'reviewDeadline' }) kind!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String }) stage!: string;
}

/** GET /initiatives/{id}: the initiative now, as the caller may see it. */
export class InitiativeView {
  @ApiProperty({ type: String, example: 'ledger-2025-hanoi' }) id!: string;
  @ApiProperty({ type: String, example: 'ledger-2025-hanoi' }) initiativeId!: string;
  @ApiProperty({ type: 'integer', description: 'Stream version (for If-Match)' }) version!: number;
  @ApiProperty({ type: String }) movementId!: string;
  @ApiProperty({ type: String }) unitId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String }) field!: string;
  @ApiProperty({ type: () => [AuthorView] }) authors!: AuthorView[];
  @ApiProperty({ type: String, description: 'The workflow stage (same as stage)', example: 'nominated' }) status!: string;
  @ApiProperty({ type: String, example: 'nominated' }) stage!: string;
  @ApiProperty({ type: String, nullable: true, description: "The stage's label in the definition" }) stageLabel!: string | null;
  @ApiProperty({ type: Boolean, description: 'Whether the stage is final' }) final!: boolean;
  @ApiProperty({ type: () => [NextTransitionView], description: 'What may happen next, and who may do it' }) next!: NextTransitionView[];
  @ApiProperty({ type: () => DefinitionRef }) definition!: DefinitionRef;
  @ApiProperty({ type: String }) definitionId!: string;
  @ApiProperty({ type: 'integer' }) definitionVersion!: number;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: String, nullable: true }) councilId!: string | null;
  @ApiProperty({ type: String, nullable: true }) awardForm!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: () => [ProgressReportView] }) progressReports!: ProgressReportView[];
  @ApiProperty({ type: () => SelfAssessmentView, nullable: true }) selfAssessment!: SelfAssessmentView | null;
  @ApiProperty({ type: () => DossierView }) dossier!: DossierView;
  @ApiProperty({ type: () => ReviewView, nullable: true, description: 'The latest review' }) review!: ReviewView | null;
  @ApiProperty({ type: () => [ReviewView] }) reviews!: ReviewView[];
  @ApiProperty({ type: () => ConsultationView, nullable: true, description: 'The latest consultation' }) consultation!: ConsultationView | null;
  @ApiProperty({ type: () => [ConsultationView] }) consultations!: ConsultationView[];
  @ApiProperty({ type: () => [ObjectionView] }) objections!: ObjectionView[];
  @ApiProperty({ type: () => [RecognitionView] }) awards!: RecognitionView[];
  @ApiProperty({ type: () => [ReplicationView] }) replications!: ReplicationView[];
  @ApiProperty({ type: 'integer', description: 'Distinct adopting units at the current level' }) distinctAdopters!: number;
  @ApiProperty({ type: () => [PublicationView] }) publications!: PublicationView[];
  @ApiProperty({ type: () => WithdrawalView, nullable: true }) withdrawal!: WithdrawalView | null;
  @ApiProperty({ type: () => [TimerView], description: 'Timers of the current stage' }) timers!: TimerView[];
}

export class HistoryActorView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
}

export class HistoryDefinitionRef {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: 'integer', nullable: true }) version!: number | null;
}

export class HistoryEntryView {
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: String }) position!: string;
  @ApiProperty({ type: String, example: 'InitiativeRegistered' }) type!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: () => HistoryActorView, nullable: true }) actor!: HistoryActorView | null;
  @ApiProperty({ type: String, nullable: true }) command!: string | null;
  @ApiProperty({ type: () => HistoryDefinitionRef, nullable: true, description: 'The definition version and rule applied' }) definition!: HistoryDefinitionRef | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ ...OBJECT, description: "The event's data as the caller may read it (no secret-ballot material)" }) data!: Record<string, unknown>;
}

/** GET /initiatives/{id}/history: the state as it was at ?asOf / ?version, and the events up to it. */
export class InitiativeHistoryView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: 'integer', description: 'The version shown' }) version!: number;
  @ApiProperty({ type: 'integer', description: 'The version now' }) currentVersion!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) asOf!: string | null;
  @ApiProperty({ type: () => InitiativeView, nullable: true, description: 'null before the initiative existed' }) state!: InitiativeView | null;
  @ApiProperty({ type: () => [HistoryEntryView] }) events!: HistoryEntryView[];
}

// ── What commands on an initiative answer beyond CommandResult ─────────────────────────────────

export class ProgressReportResult extends CommandResult {
  @ApiProperty({ type: String }) reportId!: string;
}
export class OpenReviewResult extends CommandResult {
  @ApiProperty({ type: String }) reviewId!: string;
}
export class CloseReviewResult extends CommandResult {
  @ApiPropertyOptional({ type: String }) reviewId?: string;
}
export class ReplicationResult extends CommandResult {
  @ApiProperty({ type: String }) replicationId!: string;
}
export class OpenConsultationResult extends CommandResult {
  @ApiProperty({ type: String }) consultationId!: string;
}
export class ObjectionResult extends CommandResult {
  @ApiProperty({ type: String }) objectionId!: string;
}
