import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_KINDS } from '@laurel/documents';

/* OpenAPI descriptions of the JSON the document routes answer (the files are described by ApiFile). */

export class ReviewDocumentsView {
  @ApiProperty({ type: String }) reviewId!: string;
  @ApiProperty({ type: String, description: 'Route of the minutes (PDF; .docx beside it)' }) minutes!: string;
  @ApiPropertyOptional({ type: String, description: 'Secret ballots: route of the ballot count' }) ballotCount?: string;
}

export class AwardDocumentsView {
  @ApiProperty({ type: 'integer', description: 'The n-th award' }) n!: number;
  @ApiProperty({ type: String }) decisionNo!: string;
  @ApiProperty({ type: String }) decision!: string;
  @ApiProperty({ type: String }) certificate!: string;
}

export class NoticeDocumentView {
  @ApiProperty({ type: 'integer', description: 'The n-th outcome' }) n!: number;
  @ApiProperty({ type: String, example: 'AwardGranted' }) type!: string;
  @ApiProperty({ type: String }) notice!: string;
}

export class InitiativeDocumentsView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: () => [ReviewDocumentsView] }) reviews!: ReviewDocumentsView[];
  @ApiProperty({ type: () => [AwardDocumentsView] }) awards!: AwardDocumentsView[];
  @ApiProperty({ type: () => [NoticeDocumentView] }) notices!: NoticeDocumentView[];
}

export class VerificationView {
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: string;
  @ApiProperty({ type: [String], description: 'What the document is about (initiative, review, decision number…)' }) subject!: string[];
  @ApiProperty({ type: String, description: 'The log position the document was made at' }) position!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Reserved: the checkpoint covering the position' }) coveredBy!: string | null;
  @ApiProperty({ type: Boolean, description: 'Whether the log holds a document with these facts at this position' }) matches!: boolean;
  @ApiPropertyOptional({ type: String, description: 'Why it does not match' }) detail?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'The event the document is anchored to' }) eventId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the document attests (by kind: counts, outcomes, numbers and dates)' }) attests?: Record<string, unknown>;
}
