import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { movementDecider, type MovementKind } from '@laurel/domain';
import { CommandRunner, createdIdFor, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { ID, ID_MESSAGE, SingleLine } from '../../http/request-validation';
import { ReferenceChecks } from '../reference-checks';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

export class DraftMovementBody {
  @ApiPropertyOptional({ type: String, description: 'The movement id to use; a new UUID when omitted', example: 'movement-2025' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @ApiProperty({ type: String, example: 'Phong trào thi đua "Chuyển đổi số" 2025' })
  @SingleLine(1, 300) title!: string;
  @ApiProperty({ type: String, description: 'The registered unit that organises the movement', example: 'hanoi' })
  @Matches(ID, { message: ID_MESSAGE }) organizerUnitId!: string;
  @ApiProperty({ enum: ['regular', 'thematic'], description: 'Regular (yearly) or thematic movement', example: 'thematic' })
  @IsIn(['regular', 'thematic']) kind!: MovementKind;
  @ApiProperty({ type: [String], description: 'Fields initiatives may register under (1 to 50, unique)', example: ['economy', 'culture-society'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @SingleLine(1, 200, { each: true }) fields!: string[];
  @ApiProperty({ type: String, description: 'ISO 8601 date the movement starts', example: '2025-01-01' })
  @IsISO8601({ strict: true }) startsOn!: string;
  @ApiProperty({ type: String, description: 'ISO 8601 date the movement ends (not before startsOn)', example: '2025-12-31' })
  @IsISO8601({ strict: true }) endsOn!: string;
  @ApiProperty({ type: String, description: 'A published workflow definition its initiatives follow', example: 'initiative-recognition' })
  @Matches(ID, { message: ID_MESSAGE }) workflowId!: string;
}

export class DraftMovementCommand extends Command<CommandResult> {
  constructor(
    readonly body: DraftMovementBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(DraftMovementCommand)
export class DraftMovementHandler implements ICommandHandler<DraftMovementCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  execute({ body, meta }: DraftMovementCommand): Promise<CommandResult> {
    const movementId = body.id ?? createdIdFor(meta, 'movement');
    const { title, organizerUnitId, kind, startsOn, endsOn, workflowId } = body;
    return this.runner.run({
      stream: streams.movement(movementId),
      id: movementId,
      decider: movementDecider,
      command: { type: 'draftMovement', data: { movementId, title, organizerUnitId, kind, fields: [...body.fields], startsOn, endsOn, workflowId } },
      meta,
      // An initiative registers under the movement's workflow, so it must be a published one.
      context: async (state, now) => {
        if (state.status === 'none') {
          await this.references.require([
            { field: 'organizerUnitId', kind: 'unit', id: organizerUnitId },
            { field: 'workflowId', kind: 'workflow', id: workflowId },
          ]);
        }
        return { now, actor: meta.actor };
      },
    });
  }
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
@Idempotent()
export class DraftMovementController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator', 'unit_officer')
  @ApiOperation({ summary: 'Draft an emulation movement (administrators, or officers of the organising unit)' })
  @CommandResponses(undefined, { status: 201 })
  draft(@Body() body: DraftMovementBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new DraftMovementCommand(body, meta));
  }
}
