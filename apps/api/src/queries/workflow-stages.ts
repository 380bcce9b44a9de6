import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { QueryResponses } from '../http/openapi';
import { IsOptional, Matches } from 'class-validator';
import { countByStage, initiativesProjection } from '@laurel/read-models';
import { IdPipe } from '../initiatives/support/http';
import { ReadModelGate } from './read-model-gate';

export class WorkflowStagesParams {
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the query waits (bounded, then 503) until its read model has reached it' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export class StageCountView {
  @ApiProperty({ type: String, example: 'nominated', description: 'A stage id of the definition' })
  stage!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 12 })
  count!: number;
}

export class StageVersionCountView extends StageCountView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  definitionVersion!: number;
}

/** How many initiatives stand in each stage of a definition now: for the diagram of the console's workflow screen. */
export class WorkflowStagesView {
  @ApiProperty({ type: String, example: 'initiative-recognition' })
  definitionId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 40, description: 'Initiatives following this definition (any version)' })
  total!: number;
  @ApiProperty({ type: [StageCountView], description: 'Per stage, over every version (stages nobody stands in are absent)' })
  stages!: StageCountView[];
  @ApiProperty({ type: [StageVersionCountView], description: 'Per definition version and stage' })
  byVersion!: StageVersionCountView[];
}

export class ReadWorkflowStages extends CqrsQuery<WorkflowStagesView> {
  constructor(
    readonly definitionId: string,
    readonly params: WorkflowStagesParams,
  ) {
    super();
  }
}

@QueryHandler(ReadWorkflowStages)
export class ReadWorkflowStagesHandler implements IQueryHandler<ReadWorkflowStages, WorkflowStagesView> {
  constructor(private readonly gate: ReadModelGate) {}

  execute({ definitionId, params }: ReadWorkflowStages): Promise<WorkflowStagesView> {
    return this.gate.read([initiativesProjection], params.minPosition, async (db) => ({ definitionId, ...(await countByStage(db, definitionId)) }));
  }
}

@ApiTags('workflow definitions')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowStagesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/stages')
  @ApiOperation({ summary: 'How many initiatives stand in each stage of the definition now (from the initiatives read model); an unknown definition has none' })
  @QueryResponses(WorkflowStagesView)
  stages(@Param('id', IdPipe) id: string, @Query() params: WorkflowStagesParams): Promise<WorkflowStagesView> {
    return this.queries.execute(new ReadWorkflowStages(id, params));
  }
}
