import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { movementDecider, type MovementState, type SummaryRecorded } from '@laurel/domain';
import { CommandRunner, streams } from '@laurel/application';
import { ID, ID_MESSAGE, IdParam, notFound } from '../../http/request-validation';
import { PageQuery, type Page } from '../../http/pagination';
import { ReferenceReader } from '../reference-reader';
import { QueryResponses } from '../../http/openapi';
import { MovementPage, MovementView as MovementViewDto } from '../views.dto';

export type Movement = Exclude<MovementState, { status: 'none' }>;
/** A movement with its summaries in full (statistics and note) and its stream version. */
export type MovementView = Omit<Movement, 'summaries'> & { version: number; summaries: Omit<SummaryRecorded['data'], 'movementId'>[] };

export class ListMovementsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['draft', 'launched', 'closed'], example: 'launched' })
  @IsOptional() @IsIn(['draft', 'launched', 'closed']) status?: Movement['status'];
  @ApiPropertyOptional({ type: String, description: 'Only movements this unit organises', example: 'hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) organizerUnitId?: string;
}

export class ListMovementsQueryMessage extends CqrsQuery<Page<Movement>> {
  constructor(readonly filter: ListMovementsQuery) {
    super();
  }
}

@QueryHandler(ListMovementsQueryMessage)
export class ListMovementsHandler implements IQueryHandler<ListMovementsQueryMessage, Page<Movement>> {
  constructor(private readonly reader: ReferenceReader) {}

  execute({ filter }: ListMovementsQueryMessage): Promise<Page<Movement>> {
    const contains = { ...(filter.status ? { status: filter.status } : {}), ...(filter.organizerUnitId ? { organizerUnitId: filter.organizerUnitId } : {}) };
    return this.reader.page<Movement>('movement', { contains, statusNot: 'none' }, filter);
  }
}

export class GetMovementQuery extends CqrsQuery<MovementView | undefined> {
  constructor(readonly movementId: string) {
    super();
  }
}

@QueryHandler(GetMovementQuery)
export class GetMovementHandler implements IQueryHandler<GetMovementQuery, MovementView | undefined> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ movementId }: GetMovementQuery): Promise<MovementView | undefined> {
    const { state, version, events } = await this.runner.load(streams.movement(movementId), movementDecider);
    if (state.status === 'none') return undefined;
    // The state keeps only kind and time of each summary (all a decision needs); the log has the rest.
    const summaries = events
      .filter((e) => e.type === 'SummaryRecorded')
      .map((e) => {
        const { movementId: _id, ...summary } = e.data as SummaryRecorded['data'];
        return summary;
      });
    return { ...state, version, summaries };
  }
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
export class ReadMovementsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List movements, by status and organising unit' })
  @QueryResponses(MovementPage)
  list(@Query() query: ListMovementsQuery): Promise<Page<Movement>> {
    return this.queries.execute(new ListMovementsQueryMessage(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A movement with its summaries; `version` is the stream version for If-Match' })
  @QueryResponses(MovementViewDto, { problems: [404] })
  async get(@Param('id', IdParam) id: string): Promise<MovementView> {
    const movement = await this.queries.execute(new GetMovementQuery(id));
    if (!movement) throw notFound('movement', id);
    return movement;
  }
}
