import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { movementDecider, type MovementKind } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { ID, ID_MESSAGE, SingleLine } from '../../http/request-validation';
import { ReferenceChecks } from '../reference-checks';

export class DraftMovementBody {
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @SingleLine(1, 300) title!: string;
  @Matches(ID, { message: ID_MESSAGE }) organizerUnitId!: string;
  @IsIn(['regular', 'thematic']) kind!: MovementKind;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @SingleLine(1, 200, { each: true }) fields!: string[];
  @IsISO8601({ strict: true }) startsOn!: string;
  @IsISO8601({ strict: true }) endsOn!: string;
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
    const movementId = body.id ?? randomUUID();
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
export class DraftMovementController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator', 'unit_officer')
  @ApiOperation({ summary: 'Draft an emulation movement (administrators, or officers of the organising unit)' })
  draft(@Body() body: DraftMovementBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new DraftMovementCommand(body, meta));
  }
}
