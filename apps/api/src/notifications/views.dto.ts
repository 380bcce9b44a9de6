import { ApiProperty } from '@nestjs/swagger';

/* OpenAPI descriptions of what the notification routes answer. */

export class InboxItemView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, description: 'Position in the inbox' }) seq!: string;
  @ApiProperty({ type: String, example: 'review_opened' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) initiativeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) params!: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: Boolean }) read!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt!: string | null;
}

export class InboxPage {
  @ApiProperty({ type: () => [InboxItemView] }) items!: InboxItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: 'integer', description: 'Unread notifications in all' }) unread!: number;
}

export class MarkReadResult {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: Boolean, enum: [true] }) read!: true;
}

export class DeadLetterView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) jobId!: string;
  @ApiProperty({ type: String }) queue!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ description: "The job's data" }) data!: unknown;
  @ApiProperty({ type: String }) error!: string;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time' }) failedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) replayedAt!: string | null;
  @ApiProperty({ type: 'integer' }) replayCount!: number;
}

export class DeadLetterPage {
  @ApiProperty({ type: () => [DeadLetterView] }) items!: DeadLetterView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ReplayResult {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ enum: ['retried', 're-added', 'already_queued', 'not_found'] }) outcome!: string;
}
