import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Pool } from 'pg';
import { initiativesProjection, listInitiatives, type InitiativeListItem, type Page } from '@laurel/read-models';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';

export class ListInitiativesParams extends ReadQuery {
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @IsOptional() @IsString() @Length(1, 100) unitId?: string;
  @IsOptional() @IsString() @Length(1, 50) level?: string;
  @IsOptional() @IsString() @Length(1, 100) field?: string;
  @IsOptional() @IsString() @Length(1, 50) status?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  /** Words of the title or summary. */
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
  list(@Query() params: ListInitiativesParams): Promise<Page<InitiativeListItem>> {
    return this.queries.execute(new ListInitiatives(params));
  }
}
