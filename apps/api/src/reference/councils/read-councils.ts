import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { councilDecider, type ActiveCouncil } from '@laurel/domain';
import { CommandRunner, streams } from '@laurel/application';
import { ID, ID_MESSAGE, IdParam, SingleLine, notFound } from '../../http/request-validation';
import { PageQuery, type Page } from '../../http/pagination';
import { ReferenceReader } from '../reference-reader';
import { QueryResponses } from '../../http/openapi';
import { CouncilPage, CouncilView as CouncilViewDto } from '../views.dto';

export class ListCouncilsQuery extends PageQuery {
  @ApiPropertyOptional({ type: String, description: 'Only councils of this unit', example: 'hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) unitId?: string;
  @ApiPropertyOptional({ type: String, description: 'Only councils of this level', example: 'province' })
  @IsOptional() @SingleLine(1, 50) level?: string;
}

export type CouncilView = ActiveCouncil & { version: number };

export class ListCouncilsQueryMessage extends CqrsQuery<Page<ActiveCouncil>> {
  constructor(readonly filter: ListCouncilsQuery) {
    super();
  }
}

@QueryHandler(ListCouncilsQueryMessage)
export class ListCouncilsHandler implements IQueryHandler<ListCouncilsQueryMessage, Page<ActiveCouncil>> {
  constructor(private readonly reader: ReferenceReader) {}

  execute({ filter }: ListCouncilsQueryMessage): Promise<Page<ActiveCouncil>> {
    const contains = { status: 'active', ...(filter.unitId ? { unitId: filter.unitId } : {}), ...(filter.level ? { level: filter.level } : {}) };
    return this.reader.page<ActiveCouncil>('council', { contains }, filter);
  }
}

export class GetCouncilQuery extends CqrsQuery<CouncilView | undefined> {
  constructor(readonly councilId: string) {
    super();
  }
}

@QueryHandler(GetCouncilQuery)
export class GetCouncilHandler implements IQueryHandler<GetCouncilQuery, CouncilView | undefined> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ councilId }: GetCouncilQuery): Promise<CouncilView | undefined> {
    const { state, version } = await this.runner.load(streams.council(councilId), councilDecider);
    return state.status === 'active' ? { ...state, version } : undefined;
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('councils')
export class ReadCouncilsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List councils, by unit and level' })
  @QueryResponses(CouncilPage)
  list(@Query() query: ListCouncilsQuery): Promise<Page<ActiveCouncil>> {
    return this.queries.execute(new ListCouncilsQueryMessage(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A council with its members and rules; `version` is the stream version for If-Match' })
  @QueryResponses(CouncilViewDto, { problems: [404] })
  async get(@Param('id', IdParam) id: string): Promise<CouncilView> {
    const council = await this.queries.execute(new GetCouncilQuery(id));
    if (!council) throw notFound('council', id);
    return council;
  }
}
