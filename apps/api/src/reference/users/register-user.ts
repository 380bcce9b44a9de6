import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, QueryBus, QueryHandler, Query as CqrsQuery, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { ROLES, userDecider, type Role, type UserState } from '@laurel/domain';
import { CommandRunner, createdIdFor, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { ID, ID_MESSAGE, SingleLine } from '../../http/request-validation';
import { PageQuery, type Page } from '../../http/pagination';
import { ReferenceReader } from '../reference-reader';
import { ReferenceChecks } from '../reference-checks';
import { CommandResponses, QueryResponses } from '../../http/openapi';
import { UserPage } from '../views.dto';
import { Idempotent } from '../../http/idempotency.interceptor';

export class RegisterUserBody {
  @ApiPropertyOptional({ type: String, description: 'The user id to use; a new UUID when omitted', example: 'officer-hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @ApiProperty({ type: String, example: 'Trần Thị B' })
  @SingleLine(1, 300) name!: string;
  @ApiProperty({ type: String, format: 'email', example: 'tran.b@example.vn' })
  @IsEmail() @Length(3, 320) email!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'At least one role, each once', example: ['unit_officer'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ROLES.length) @ArrayUnique() @IsIn(ROLES, { each: true }) roles!: Role[];
  @ApiProperty({ type: String, description: 'The registered unit the user works in', example: 'hanoi' })
  @Matches(ID, { message: ID_MESSAGE }) unitId!: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ type: String, description: 'Only users of this unit', example: 'hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) unitId?: string;
  @ApiPropertyOptional({ enum: ROLES, description: 'Only users with this role', example: 'council_member' })
  @IsOptional() @IsIn(ROLES) role?: Role;
}

export type RegisteredUser = Extract<UserState, { status: 'registered' }>;

export class RegisterUserCommand extends Command<CommandResult> {
  constructor(
    readonly body: RegisterUserBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  execute({ body, meta }: RegisterUserCommand): Promise<CommandResult> {
    const userId = body.id ?? createdIdFor(meta, 'user');
    return this.runner.run({
      stream: streams.user(userId),
      id: userId,
      decider: userDecider,
      command: { type: 'registerUser', data: { userId, name: body.name, email: body.email, roles: [...body.roles], unitId: body.unitId } },
      meta,
      context: async (state, now) => {
        if (state.status === 'unregistered') await this.references.require([{ field: 'unitId', kind: 'unit', id: body.unitId }]);
        return { now, actor: meta.actor };
      },
    });
  }
}

export class ListUsersQueryMessage extends CqrsQuery<Page<RegisteredUser>> {
  constructor(readonly filter: ListUsersQuery) {
    super();
  }
}

@QueryHandler(ListUsersQueryMessage)
export class ListUsersHandler implements IQueryHandler<ListUsersQueryMessage, Page<RegisteredUser>> {
  constructor(private readonly reader: ReferenceReader) {}

  execute({ filter }: ListUsersQueryMessage): Promise<Page<RegisteredUser>> {
    const contains = { status: 'registered', ...(filter.unitId ? { unitId: filter.unitId } : {}), ...(filter.role ? { roles: [filter.role] } : {}) };
    return this.reader.page<RegisteredUser>('user', { contains }, filter);
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Idempotent()
  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: 'Register a user with their roles and unit' })
  @CommandResponses(undefined, { status: 201 })
  register(@Body() body: RegisterUserBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new RegisterUserCommand(body, meta));
  }

  @Get()
  @Roles('administrator', 'auditor')
  @ApiOperation({ summary: 'List users, by unit and role (administrators and auditors)' })
  @QueryResponses(UserPage)
  list(@Query() query: ListUsersQuery): Promise<Page<RegisteredUser>> {
    return this.queries.execute(new ListUsersQueryMessage(query));
  }
}
