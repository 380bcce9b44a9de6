import { Controller, Get, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { countInitiatives, GROUP_DIMENSIONS, initiativeFunnel, initiativesProjection, replicationStatistics, type GroupDimension } from '@laurel/read-models';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { InitiativeCountsView, FunnelView, ReplicationStatisticsView } from './views.dto';
import { SharedQueries } from './shared-queries';

const GROUP_BY = new RegExp(`^(${GROUP_DIMENSIONS.join('|')})(,(${GROUP_DIMENSIONS.join('|')}))*$`);

export class StatisticsParams {
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 3000, description: 'Year of registration', example: 2025 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  @ApiPropertyOptional({ type: String, pattern: GROUP_BY.source, description: `A comma-separated list of ${GROUP_DIMENSIONS.join(', ')}`, example: 'level,status' })
  @IsOptional() @Matches(GROUP_BY, { message: `groupBy: a comma-separated list of ${GROUP_DIMENSIONS.join(', ')}` }) groupBy?: string;
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the query waits (bounded, then 503) until its read model has reached it' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export class ReplicationParams extends ReadQuery {
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
}

type Statistics = { kind: 'initiatives' | 'funnel'; params: StatisticsParams } | { kind: 'replication'; params: ReplicationParams };

export class ReadStatistics extends CqrsQuery<unknown> {
  constructor(readonly request: Statistics) {
    super();
  }
}

@QueryHandler(ReadStatistics)
export class ReadStatisticsHandler implements IQueryHandler<ReadStatistics, unknown> {
  constructor(private readonly gate: ReadModelGate) {}

  execute({ request }: ReadStatistics): Promise<unknown> {
    return this.gate.read([initiativesProjection], request.params.minPosition, async (db) => {
      switch (request.kind) {
        case 'initiatives': {
          const { movementId, year, groupBy } = request.params;
          const dimensions = (groupBy?.split(',') ?? []) as GroupDimension[];
          return { groupBy: GROUP_DIMENSIONS.filter((d) => dimensions.includes(d)), ...(await countInitiatives(db, { movementId, year }, dimensions)) };
        }
        case 'funnel':
          return initiativeFunnel(db, { movementId: request.params.movementId, year: request.params.year });
        case 'replication':
          return replicationStatistics(db, { movementId: request.params.movementId }, pageRequest(request.params));
      }
    });
  }
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatisticsController {
  constructor(private readonly queries: SharedQueries) {}

  @Get('initiatives')
  @ApiOperation({ summary: 'Initiative counts per group (groupBy=level,field,status,year), by movement and year' })
  @QueryResponses(InitiativeCountsView)
  initiatives(@Query() params: StatisticsParams) {
    return this.queries.execute(new ReadStatistics({ kind: 'initiatives', params }));
  }

  @Get('funnel')
  @ApiOperation({ summary: 'Initiatives that reached each stage: registered, nominated, recommended, awarded, published, replicated' })
  @QueryResponses(FunnelView)
  funnel(@Query() params: StatisticsParams) {
    return this.queries.execute(new ReadStatistics({ kind: 'funnel', params }));
  }

  @Get('replication')
  @ApiOperation({ summary: 'Adopting units per level and per initiative' })
  @QueryResponses(ReplicationStatisticsView)
  replication(@Query() params: ReplicationParams) {
    return this.queries.execute(new ReadStatistics({ kind: 'replication', params }));
  }
}
