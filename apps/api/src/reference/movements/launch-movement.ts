import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { movementDecider } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { ApiEmptyBody, EmptyBody, IdParam } from '../../http/request-validation';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

/** Launching a drafted movement (POST /movements/{id}/launch, body {}). */
export class LaunchMovementCommand extends Command<CommandResult> {
  constructor(
    readonly movementId: string,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(LaunchMovementCommand)
export class LaunchMovementHandler implements ICommandHandler<LaunchMovementCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ movementId, meta }: LaunchMovementCommand): Promise<CommandResult> {
    return this.runner.run({
      stream: streams.movement(movementId),
      id: movementId,
      decider: movementDecider,
      command: { type: 'launchMovement', data: {} },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
@Idempotent()
export class LaunchMovementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/launch')
  @HttpCode(200)
  @Roles('administrator', 'unit_officer')
  @ApiOperation({ summary: 'Launch a drafted movement: initiatives may register under it from now on' })
  @ApiEmptyBody()
  @CommandResponses()
  launch(@Param('id', IdParam) id: string, @Body(EmptyBody) _body: Record<string, never>, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new LaunchMovementCommand(id, meta));
  }
}
