import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { COUNCIL_ROLES, councilDecider, MAX_COUNCIL_MEMBERS, type CouncilRole, type CouncilRules } from '@laurel/domain';
import { CommandRunner, createdIdFor, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { FreeText, ID, ID_MESSAGE, NestedArray, NestedObject, SingleLine } from '../../http/request-validation';
import { ReferenceChecks } from '../reference-checks';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

export class CouncilMemberBody {
  @ApiProperty({ type: String, description: 'A registered user', example: 'member-1' })
  @Matches(ID, { message: ID_MESSAGE }) userId!: string;
  @ApiProperty({ enum: COUNCIL_ROLES, description: 'Role in the council (at most one chair)', example: 'member' })
  @IsIn(COUNCIL_ROLES) role!: CouncilRole;
}

/** How the council says it works; kept for display and audit (the definition's parameters apply). */
export class CouncilRulesBody {
  @ApiPropertyOptional({ type: String, description: "The council's rules of procedure, as text", example: 'Quy chế 2024' })
  @IsOptional() @FreeText(1, 2000) note?: string;
  @ApiPropertyOptional({ type: String, description: 'Quorum as the council states it', example: '2/3' })
  @IsOptional() @SingleLine(1, 100) quorum?: string;
  @ApiPropertyOptional({ type: String, description: 'Approval threshold as the council states it', example: 'more than half of the members present' })
  @IsOptional() @SingleLine(1, 100) approval?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'Whether the council votes by secret ballot', example: true })
  @IsOptional() @IsBoolean() secretBallot?: boolean;
}

export class CreateCouncilBody {
  @ApiPropertyOptional({ type: String, description: 'The council id to use; a new UUID when omitted', example: 'council-hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @ApiProperty({ type: String, example: 'Hội đồng Thi đua - Khen thưởng' })
  @SingleLine(1, 300) name!: string;
  @ApiProperty({ type: String, description: 'The registered unit the council belongs to', example: 'hanoi' })
  @Matches(ID, { message: ID_MESSAGE }) unitId!: string;
  @ApiProperty({ type: String, description: 'Level of the council; initiatives it reviews take this level', example: 'province' })
  @SingleLine(1, 50) level!: string;
  @ApiProperty({ type: () => [CouncilMemberBody], description: `Members with their roles (at most ${MAX_COUNCIL_MEMBERS}, each once, at most one chair)` })
  @NestedArray(() => CouncilMemberBody, MAX_COUNCIL_MEMBERS) members!: CouncilMemberBody[];
  @ApiPropertyOptional({ type: () => CouncilRulesBody, description: 'How the council says it works; kept for display and audit' })
  @IsOptional() @NestedObject(() => CouncilRulesBody) rules?: CouncilRulesBody;
}

export class CreateCouncilCommand extends Command<CommandResult> {
  constructor(
    readonly body: CreateCouncilBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(CreateCouncilCommand)
export class CreateCouncilHandler implements ICommandHandler<CreateCouncilCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  execute({ body, meta }: CreateCouncilCommand): Promise<CommandResult> {
    const councilId = body.id ?? createdIdFor(meta, 'council');
    const members = body.members.map((m) => ({ userId: m.userId, role: m.role }));
    const rules = body.rules ? plainRules(body.rules) : undefined;
    return this.runner.run({
      stream: streams.council(councilId),
      id: councilId,
      decider: councilDecider,
      command: { type: 'createCouncil', data: { councilId, name: body.name, unitId: body.unitId, level: body.level, members, ...(rules ? { rules } : {}) } },
      meta,
      context: async (state, now) => {
        if (state.status === 'none') {
          await this.references.require([
            { field: 'unitId', kind: 'unit', id: body.unitId },
            ...body.members.map((m, i) => ({ field: `members[${i}].userId`, kind: 'user' as const, id: m.userId })),
          ]);
        }
        return { now, actor: meta.actor };
      },
    });
  }
}

/** Only the fields given: the event holds plain data, not DTO instances with undefined slots. */
function plainRules(rules: CouncilRulesBody): CouncilRules {
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined)) as CouncilRules;
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('councils')
@Idempotent()
export class CreateCouncilController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: 'Create a council (emulation and commendation council) with its members' })
  @CommandResponses(undefined, { status: 201 })
  create(@Body() body: CreateCouncilBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new CreateCouncilCommand(body, meta));
  }
}
