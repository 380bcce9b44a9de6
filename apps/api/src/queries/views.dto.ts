import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import { GROUP_DIMENSIONS } from '@laurel/read-models';
import { PageOf } from '../http/openapi';
import { AuthorView, PublicAuthorView } from '../initiatives/initiative-view.dto';

/* OpenAPI descriptions of the read models' views (libs/read-models) the query routes answer. */

export class InitiativeListItemView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: String }) movementId!: string;
  @ApiProperty({ type: String }) unitId!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: String }) field!: string;
  @ApiProperty({ type: String, description: 'Workflow stage' }) status!: string;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: () => [AuthorView] }) authors!: AuthorView[];
  @ApiProperty({ type: String }) definitionId!: string;
  @ApiProperty({ type: 'integer' }) definitionVersion!: number;
  @ApiProperty({ type: String, nullable: true }) councilId!: string | null;
  @ApiProperty({ type: String, nullable: true }) awardForm!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nominatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) awardedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ type: 'integer' }) adoptingUnits!: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}
export const InitiativeListPage = PageOf(InitiativeListItemView, 'InitiativeListPage');

export class PublicInitiativeView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: String }) movementId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String }) field!: string;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: () => [PublicAuthorView], description: 'Authors by name only' }) authors!: PublicAuthorView[];
  @ApiProperty({ type: String, nullable: true }) awardForm!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: String, nullable: true }) channel!: string | null;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ type: 'integer' }) adoptingUnits!: number;
}
export const PublicInitiativePage = PageOf(PublicInitiativeView, 'PublicInitiativePage');

export class PublicConsultationView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: String }) consultationId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String }) field!: string;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: () => [PublicAuthorView] }) authors!: PublicAuthorView[];
  @ApiProperty({ type: String, format: 'date-time' }) opensAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt!: string;
}
export const PublicConsultationPage = PageOf(PublicConsultationView, 'PublicConsultationPage');

export class QueuedReviewView {
  @ApiProperty({ type: String }) reviewId!: string;
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) councilId!: string;
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: 'integer' }) cycle!: number;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: Boolean }) overdue!: boolean;
  @ApiProperty({ type: Boolean }) secretBallot!: boolean;
  @ApiProperty({ enum: ['scores', 'ballot'], isArray: true, description: 'What the caller still owes (empty for a secretary)' }) owes!: string[];
  @ApiProperty({ enum: ['member', 'secretary'], description: 'member: sits on the panel; secretary: manages the review' }) role!: string;
}
export const ReviewQueuePage = PageOf(QueuedReviewView, 'ReviewQueuePage');

export class EventActorView {
  @ApiProperty({ type: String }) id!: string;
  @ApiPropertyOptional({ type: String, description: "The actor's roles, comma-separated", example: 'secretary' }) role?: string;
  @ApiPropertyOptional({ type: String }) unitId?: string;
}

/** Event metadata: the keys every command writes, and what a command or process adds. */
const EVENT_METADATA = {
  type: 'object',
  additionalProperties: true,
  properties: {
    actor: { $ref: getSchemaPath(EventActorView) },
    correlationId: { type: 'string' },
    causationId: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    command: { type: 'string', description: 'The command that recorded the event' },
    workflowDefinitionId: { type: 'string' },
    workflowDefinitionVersion: { type: 'integer' },
    schemaVersion: { type: 'integer' },
    idempotencyKey: { type: 'string' },
  },
} as const;

@ApiExtraModels(EventActorView)
export class AuditEntryView {
  @ApiProperty({ type: String }) position!: string;
  @ApiProperty({ type: String }) streamName!: string;
  @ApiProperty({ type: 'integer' }) streamVersion!: number;
  @ApiProperty({ type: String, format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data (secret-ballot choices stripped)" }) data!: Record<string, unknown>;
  @ApiProperty({ ...EVENT_METADATA, description: 'Who, when, which command and definition version (further keys possible)' } as unknown as ApiPropertyOptions) metadata!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}
export const AuditLogPage = PageOf(AuditEntryView, 'AuditLogPage');

export class CountGroupView {
  @ApiPropertyOptional({ type: String, nullable: true }) level?: string | null;
  @ApiPropertyOptional({ type: String }) field?: string;
  @ApiPropertyOptional({ type: String }) status?: string;
  @ApiPropertyOptional({ type: 'integer' }) year?: number;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class InitiativeCountsView {
  @ApiProperty({ enum: GROUP_DIMENSIONS, isArray: true }) groupBy!: string[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: () => [CountGroupView], description: 'One group per combination of the groupBy dimensions (empty without groupBy)' }) groups!: CountGroupView[];
}

export class FunnelView {
  @ApiProperty({ type: 'integer' }) registered!: number;
  @ApiProperty({ type: 'integer' }) nominated!: number;
  @ApiProperty({ type: 'integer' }) recommended!: number;
  @ApiProperty({ type: 'integer' }) awarded!: number;
  @ApiProperty({ type: 'integer' }) published!: number;
  @ApiProperty({ type: 'integer' }) replicated!: number;
}

export class LevelReplicationView {
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: 'integer' }) adoptingUnits!: number;
  @ApiProperty({ type: 'integer' }) replications!: number;
  @ApiProperty({ type: 'integer' }) initiatives!: number;
}

export class ReplicationLevelAdopters {
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: 'integer' }) adoptingUnits!: number;
  @ApiProperty({ type: [String] }) adoptingUnitIds!: string[];
}

export class InitiativeReplicationView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: 'integer' }) adoptingUnits!: number;
  @ApiProperty({ type: () => [ReplicationLevelAdopters] }) byLevel!: ReplicationLevelAdopters[];
}

/** GET /stats/replication: totals per level, and a page of initiatives. */
export class ReplicationStatisticsView {
  @ApiProperty({ type: () => [LevelReplicationView] }) byLevel!: LevelReplicationView[];
  @ApiProperty({ type: () => [InitiativeReplicationView] }) items!: InitiativeReplicationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
