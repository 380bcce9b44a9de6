import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COUNCIL_ROLES, ROLES } from '@laurel/domain';
import { PageOf } from '../http/openapi';
import { DefinitionDraftBody } from './workflows/publish-definition';

/* OpenAPI descriptions of reference data as the reference routes answer it (folded streams). */

export class UnitView {
  @ApiProperty({ enum: ['registered'] }) status!: string;
  @ApiProperty({ type: String, example: 'hanoi' }) unitId!: string;
  @ApiProperty({ type: String, example: 'Hà Nội' }) name!: string;
  @ApiProperty({ type: String, example: 'province' }) level!: string;
  @ApiPropertyOptional({ type: String, description: 'The parent unit (none at the top)' }) parentId?: string;
}
export const UnitPage = PageOf(UnitView, 'UnitPage');

export class UserView {
  @ApiProperty({ enum: ['registered'] }) status!: string;
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, format: 'email' }) email!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ type: String }) unitId!: string;
}
export const UserPage = PageOf(UserView, 'UserPage');

export class CouncilMemberView {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ enum: COUNCIL_ROLES }) role!: string;
}

export class CouncilRulesView {
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiPropertyOptional({ type: String, example: '2/3' }) quorum?: string;
  @ApiPropertyOptional({ type: String, example: '1/2' }) approval?: string;
  @ApiPropertyOptional({ type: Boolean }) secretBallot?: boolean;
}

export class CouncilSummaryView {
  @ApiProperty({ enum: ['active'] }) status!: string;
  @ApiProperty({ type: String }) councilId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) unitId!: string;
  @ApiProperty({ type: String }) level!: string;
  @ApiProperty({ type: () => [CouncilMemberView] }) members!: CouncilMemberView[];
  @ApiPropertyOptional({ type: () => CouncilRulesView }) rules?: CouncilRulesView;
}
export const CouncilPage = PageOf(CouncilSummaryView, 'CouncilPage');

export class CouncilView extends CouncilSummaryView {
  @ApiProperty({ type: 'integer', description: 'Stream version (for If-Match)' }) version!: number;
}

const MOVEMENT_STATUSES = ['draft', 'launched', 'closed'];

export class MovementSummaryRef {
  @ApiProperty({ enum: ['preliminary', 'final'] }) kind!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}

export class MovementListItemView {
  @ApiProperty({ enum: MOVEMENT_STATUSES }) status!: string;
  @ApiProperty({ type: String }) movementId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) organizerUnitId!: string;
  @ApiProperty({ enum: ['regular', 'thematic'] }) kind!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
  @ApiProperty({ type: String, example: '2025-01-01' }) startsOn!: string;
  @ApiProperty({ type: String, example: '2025-12-31' }) endsOn!: string;
  @ApiProperty({ type: String }) workflowId!: string;
  @ApiProperty({ type: () => [MovementSummaryRef] }) summaries!: MovementSummaryRef[];
}
export const MovementPage = PageOf(MovementListItemView, 'MovementPage');

export class MovementSummaryView {
  @ApiProperty({ enum: ['preliminary', 'final'] }) kind!: string;
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Counts frozen when the summary was recorded' }) statistics!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}

export class MovementView {
  @ApiProperty({ enum: MOVEMENT_STATUSES }) status!: string;
  @ApiProperty({ type: String }) movementId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) organizerUnitId!: string;
  @ApiProperty({ enum: ['regular', 'thematic'] }) kind!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
  @ApiProperty({ type: String }) startsOn!: string;
  @ApiProperty({ type: String }) endsOn!: string;
  @ApiProperty({ type: String }) workflowId!: string;
  @ApiProperty({ type: 'integer', description: 'Stream version (for If-Match)' }) version!: number;
  @ApiProperty({ type: () => [MovementSummaryView] }) summaries!: MovementSummaryView[];
}

export class WorkflowSummaryView {
  @ApiProperty({ type: String }) definitionId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiPropertyOptional({ type: String }) description?: string;
  @ApiProperty({ type: 'integer' }) latestVersion!: number;
  @ApiProperty({ type: 'integer', isArray: true }) versions!: number[];
}
export const WorkflowPage = PageOf(WorkflowSummaryView, 'WorkflowPage');

/** A published definition version: the draft as published, with its version. */
export class WorkflowDefinitionView extends DefinitionDraftBody {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
}

export class MermaidView {
  @ApiProperty({ type: String, description: 'Mermaid stateDiagram-v2' }) mermaid!: string;
}
