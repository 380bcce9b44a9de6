import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, QueryBus, QueryHandler, Query as CqrsQuery, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { unitDecider, type UnitState } from '@laurel/domain';
import { CommandRunner, createdIdFor, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { ID, ID_MESSAGE } from '../../http/request-validation';
import { PageQuery, type Page } from '../../http/pagination';
import { ReferenceChecks } from '../reference-checks';
import { ReferenceReader } from '../reference-reader';
import { CommandResponses, QueryResponses } from '../../http/openapi';
import { UnitPage } from '../views.dto';
import { Idempotent } from '../../http/idempotency.interceptor';

export class RegisterUnitBody {
  @ApiPropertyOptional({ type: String, description: 'The unit id to use; a new UUID when omitted', example: 'hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @ApiProperty({ type: String, example: 'Ủy ban nhân dân thành phố Hà Nội' })
  @IsString() @Length(1, 300) name!: string;
  @ApiProperty({ type: String, description: 'Administrative level of the unit', example: 'province' })
  @IsString() @Length(1, 50) level!: string;
  @ApiPropertyOptional({ type: String, description: 'The registered parent unit', example: 'vietnam' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) parentId?: string;
}

export class ListUnitsQuery extends PageQuery {
  @ApiPropertyOptional({ type: String, description: 'Only units of this level', example: 'province' })
  @IsOptional() @IsString() level?: string;
  @ApiPropertyOptional({ type: String, description: 'Only children of this unit', example: 'vietnam' })
  @IsOptional() @IsString() parentId?: string;
}

export class RegisterUnitCommand extends Command<CommandResult> {
  constructor(readonly body: RegisterUnitBody, readonly meta: RequestMeta) {
    super();
  }
}

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  execute({ body, meta }: RegisterUnitCommand): Promise<CommandResult> {
    const unitId = body.id ?? createdIdFor(meta, 'unit');
    return this.runner.run({
      stream: streams.unit(unitId),
      id: unitId,
      decider: unitDecider,
      command: { type: 'registerUnit', data: { unitId, name: body.name, level: body.level, parentId: body.parentId } },
      meta,
      context: async (state, now) => {
        if (state.status === 'unregistered' && body.parentId !== undefined) {
          await this.references.require([{ field: 'parentId', kind: 'unit', id: body.parentId }]);
        }
        return { now, actor: meta.actor };
      },
    });
  }
}

export type RegisteredUnit = Extract<UnitState, { status: 'registered' }>;

export class ListUnitsQueryMessage extends CqrsQuery<Page<RegisteredUnit>> {
  constructor(readonly filter: ListUnitsQuery) {
    super();
  }
}

@QueryHandler(ListUnitsQueryMessage)
export class ListUnitsHandler implements IQueryHandler<ListUnitsQueryMessage, Page<RegisteredUnit>> {
  constructor(private readonly reader: ReferenceReader) {}

  execute({ filter }: ListUnitsQueryMessage): Promise<Page<RegisteredUnit>> {
    const contains = { status: 'registered', ...(filter.level ? { level: filter.level } : {}), ...(filter.parentId ? { parentId: filter.parentId } : {}) };
    return this.reader.page<RegisteredUnit>('unit', { contains }, filter);
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Idempotent()
  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: 'Register an organisation unit' })
  @CommandResponses(undefined, { status: 201 })
  register(@Body() body: RegisterUnitBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new RegisterUnitCommand(body, meta));
  }

  @Get()
  @ApiOperation({ summary: 'List units, by level and parent' })
  @QueryResponses(UnitPage)
  list(@Query() query: ListUnitsQuery): Promise<Page<RegisteredUnit>> {
    return this.queries.execute(new ListUnitsQueryMessage(query));
  }
}
