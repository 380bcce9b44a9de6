import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags, ApiOkResponse, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { definitionVersion, toMermaid, workflowDefinitionDecider, type WorkflowDefinition, type WorkflowDefinitionState } from '@laurel/domain';
import { CommandRunner, streams } from '@laurel/application';
import { ID, ID_MESSAGE, notFound } from '../../http/request-validation';
import { PageQuery, paginate, type Page } from '../../http/pagination';
import { ReferenceReader } from '../reference-reader';
import { QueryResponses, ReadProblems } from '../../http/openapi';
import { WorkflowPage, WorkflowDefinitionView, MermaidView } from '../views.dto';

/** A definition in the list: what it is and which versions exist (each readable at …/versions/{v}). */
export interface WorkflowSummary {
  definitionId: string;
  title: string;
  description?: string;
  latestVersion: number;
  versions: number[];
}

export class ListWorkflowsQuery extends PageQuery {}

/** `/workflows/{id}/versions/{version}`: checked as strings (the global pipe would coerce a number). */
export class DefinitionVersionParams {
  @ApiProperty({ type: String, description: 'The definition id', example: 'initiative-recognition' })
  @Matches(ID, { message: ID_MESSAGE }) id!: string;
  @ApiProperty({ type: String, pattern: '^[1-9][0-9]{0,8}$', description: 'A positive version number', example: '1' })
  @Matches(/^[1-9][0-9]{0,8}$/, { message: 'version must be a positive integer' }) version!: string;
}

export class DiagramQuery {
  /** text (default): text/plain Mermaid; json: `{ mermaid }`. */
  @ApiPropertyOptional({ enum: ['text', 'json'], description: 'text (default): text/plain Mermaid; json: { mermaid }', example: 'json' })
  @IsOptional() @IsIn(['text', 'json']) format?: 'text' | 'json';
}

export class ListWorkflowsQueryMessage extends CqrsQuery<Page<WorkflowSummary>> {
  constructor(readonly page: ListWorkflowsQuery) {
    super();
  }
}

@QueryHandler(ListWorkflowsQueryMessage)
export class ListWorkflowsHandler implements IQueryHandler<ListWorkflowsQueryMessage, Page<WorkflowSummary>> {
  constructor(private readonly reader: ReferenceReader) {}

  async execute({ page }: ListWorkflowsQueryMessage): Promise<Page<WorkflowSummary>> {
    const summaries: WorkflowSummary[] = [];
    for (const state of await this.reader.all<WorkflowDefinitionState>('workflow', page)) {
      if (state.status !== 'published') continue;
      const { latest } = state;
      summaries.push({
        definitionId: state.definitionId,
        title: latest.title,
        ...(latest.description ? { description: latest.description } : {}),
        latestVersion: latest.version,
        versions: state.versions.map((d) => d.version),
      });
    }
    return paginate(summaries, (s) => s.definitionId, page);
  }
}

export class GetDefinitionVersionQuery extends CqrsQuery<WorkflowDefinition | undefined> {
  constructor(
    readonly definitionId: string,
    readonly version: number,
  ) {
    super();
  }
}

@QueryHandler(GetDefinitionVersionQuery)
export class GetDefinitionVersionHandler implements IQueryHandler<GetDefinitionVersionQuery, WorkflowDefinition | undefined> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ definitionId, version }: GetDefinitionVersionQuery): Promise<WorkflowDefinition | undefined> {
    const { state } = await this.runner.load(streams.workflow(definitionId), workflowDefinitionDecider);
    return definitionVersion(state, version);
  }
}

@ApiTags('workflow definitions')
@ApiBearerAuth()
@Controller('workflows')
export class ReadWorkflowsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Workflow definitions with their published versions' })
  @QueryResponses(WorkflowPage)
  list(@Query() query: ListWorkflowsQuery): Promise<Page<WorkflowSummary>> {
    return this.queries.execute(new ListWorkflowsQueryMessage(query));
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version of a definition, as data' })
  @QueryResponses(WorkflowDefinitionView, { problems: [404] })
  version(@Param() params: DefinitionVersionParams): Promise<WorkflowDefinition> {
    return this.definition(params);
  }

  @Get(':id/versions/:version/diagram')
  @ApiProduces('text/plain', 'application/json')
  @ApiOperation({ summary: 'One version drawn as a Mermaid stateDiagram-v2 (text/plain; ?format=json for { mermaid })' })
  @ApiOkResponse({ description: 'The diagram', content: { 'text/plain': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: getSchemaPath(MermaidView) } } } })
  @ApiExtraModels(MermaidView)
  @ReadProblems()
  async diagram(
    @Param() params: DefinitionVersionParams,
    @Query() query: DiagramQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<string | { mermaid: string }> {
    const mermaid = toMermaid(await this.definition(params));
    if (query.format === 'json') return { mermaid };
    response.type('text/plain; charset=utf-8');
    return mermaid;
  }

  private async definition({ id, version }: DefinitionVersionParams): Promise<WorkflowDefinition> {
    const definition = await this.queries.execute(new GetDefinitionVersionQuery(id, Number(version)));
    if (!definition) throw notFound('workflow definition version', `${id}@${version}`);
    return definition;
  }
}
