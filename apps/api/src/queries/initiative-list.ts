import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Pool } from 'pg';
import { initiativesProjection, listInitiatives, type InitiativeListItem, type Page } from '@laurel/read-models';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { InitiativeListPage } from './views.dto';

export class ListInitiativesParams extends ReadQuery {
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @ApiPropertyOptional({ type: String, description: 'The registering unit', example: 'hanoi' })
  @IsOptional() @IsString() @Length(1, 100) unitId?: string;
  @ApiPropertyOptional({ type: String, description: "The initiative's level (its council's, or the commendation's)", example: 'province' })
  @IsOptional() @IsString() @Length(1, 50) level?: string;
  @ApiPropertyOptional({ type: String, example: 'economy' })
  @IsOptional() @IsString() @Length(1, 100) field?: string;
  @ApiPropertyOptional({ type: String, description: 'Workflow stage of the initiative', example: 'nominated' })
  @IsOptional() @IsString() @Length(1, 50) status?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 3000, description: 'Year of registration', example: 2025 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  /** Words of the title or summary. */
  @ApiPropertyOptional({ type: String, description: 'Words of the title or summary', example: 'ledger' })
  @IsOptional() @IsString() @Length(1, 200) q?: string;
}

export class ListInitiatives extends CqrsQuery<Page<InitiativeListItem>> {
  constructor(readonly params: ListInitiativesParams) {
    super();
  }
}

@QueryHandler(ListInitiatives)
export class ListInitiativesHandler implements IQueryHandler<ListInitiatives, Page<InitiativeListItem>> {
  constructor(
    private readonly pool: Pool,
    private readonly gate: ReadModelGate,
  ) {}

  async execute({ params }: ListInitiatives): Promise<Page<InitiativeListItem>> {
    await this.gate.ready([initiativesProjection], params.minPosition);
    const { movementId, unitId, level, field, status, year, q } = params;
    return this.gate.page(() => listInitiatives(this.pool, { movementId, unitId, level, field, status, year, q }, pageRequest(params)));
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
export class InitiativeListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Initiatives by movement, unit, level, field, status, year and words of the title or summary; newest first' })
  @QueryResponses(InitiativeListPage)
  list(@Query() params: ListInitiativesParams): Promise<Page<InitiativeListItem>> {
    return this.queries.execute(new ListInitiatives(params));
  }
}
