import { Controller, Get, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { INITIATIVE_SORTS, initiativesProjection, listInitiatives, type InitiativeListItem, type InitiativeSort, type Page } from '@laurel/read-models';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { InitiativeListPage } from './views.dto';
import { SharedQueries } from './shared-queries';

export class ListInitiativesParams extends ReadQuery {
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @ApiPropertyOptional({ type: String, description: 'The registering unit', example: 'hanoi' })
  @IsOptional() @IsString() @Length(1, 100) unitId?: string;
  @ApiPropertyOptional({ type: String, description: 'The council the initiative was nominated (or escalated) to: a secretary\'s queues', example: 'council-hanoi' })
  @IsOptional() @IsString() @Length(1, 100) councilId?: string;
  @ApiPropertyOptional({ type: String, description: "The initiative's level (its council's, or the commendation's)", example: 'province' })
  @IsOptional() @IsString() @Length(1, 50) level?: string;
  @ApiPropertyOptional({ type: String, example: 'economy' })
  @IsOptional() @IsString() @Length(1, 100) field?: string;
  @ApiPropertyOptional({ type: String, description: 'Workflow stage of the initiative', example: 'nominated' })
  @IsOptional() @IsString() @Length(1, 50) status?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 3000, description: 'Year of registration', example: 2025 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  /** Words of the title or summary. */
  @ApiPropertyOptional({ type: String, description: 'Words of the title or summary, each matched as part of a word; case and Vietnamese diacritics are ignored (`nuoc sach` finds "Nước sạch", `d` finds "đ")', example: 'nuoc sach' })
  @IsOptional() @IsString() @Length(1, 200) q?: string;
  @ApiPropertyOptional({
    enum: INITIATIVE_SORTS,
    default: '-registeredAt',
    description: 'Order of the list; `-` is descending. registeredAt: registration order; updatedAt: last change; title: alphabetical. A cursor is valid only under the sort that issued it (else 400 VALIDATION_FAILED `cursor`).',
  })
  @IsOptional() @IsIn(INITIATIVE_SORTS, { message: `sort must be one of ${INITIATIVE_SORTS.join(', ')}` }) sort?: InitiativeSort;
}

export class ListInitiatives extends CqrsQuery<Page<InitiativeListItem>> {
  constructor(readonly params: ListInitiativesParams) {
    super();
  }
}

@QueryHandler(ListInitiatives)
export class ListInitiativesHandler implements IQueryHandler<ListInitiatives, Page<InitiativeListItem>> {
  constructor(private readonly gate: ReadModelGate) {}

  execute({ params }: ListInitiatives): Promise<Page<InitiativeListItem>> {
    const { movementId, unitId, councilId, level, field, status, year, q, sort } = params;
    return this.gate.read([initiativesProjection], params.minPosition, (db) => listInitiatives(db, { movementId, unitId, councilId, level, field, status, year, q }, pageRequest(params), undefined, sort));
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
export class InitiativeListController {
  constructor(private readonly queries: SharedQueries) {}

  @Get()
  @ApiOperation({ summary: 'Initiatives by movement, unit, council, level, field, status, year and words of the title or summary (ignoring case and diacritics); newest first, or in the order of `sort`' })
  @QueryResponses(InitiativeListPage)
  list(@Query() params: ListInitiativesParams): Promise<Page<InitiativeListItem>> {
    return this.queries.execute(new ListInitiatives(params));
  }
}
