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

export class CoveringCheckpointView {
  @ApiProperty({ type: 'integer', description: 'How many events of the log it covers (its Merkle tree size)', example: 2000 }) treeSize!: number;
  @ApiProperty({ type: String, description: 'Base64 Merkle root (RFC 9162)' }) rootHash!: string;
  @ApiProperty({ type: String, description: 'Global position of the last event it covers (at or after the document\'s)' }) position!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the sealer signed it' }) createdAt!: string;
  @ApiProperty({ type: String, description: "The C2SP signed note, byte for byte: check its Ed25519 signature with the log's public key" }) note!: string;
}

export class VerificationView {
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: string;
  @ApiProperty({ type: [String], description: 'What the document is about (initiative, review, decision number…)' }) subject!: string[];
  @ApiProperty({ type: String, description: 'The log position the document was made at' }) position!: string;
  @ApiProperty({ type: () => CoveringCheckpointView, nullable: true, description: 'The first signed checkpoint of the tamper-evident log that covers the position (docs/tamper-evidence.md); null while none does yet, and for a document that does not match' }) coveredBy!: CoveringCheckpointView | null;
  @ApiProperty({ type: Boolean, description: 'Whether the log holds a document with these facts at this position' }) matches!: boolean;
  @ApiPropertyOptional({ type: String, description: 'Why it does not match' }) detail?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'The event the document is anchored to' }) eventId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the document attests (by kind: counts, outcomes, numbers and dates)' }) attests?: Record<string, unknown>;
}
