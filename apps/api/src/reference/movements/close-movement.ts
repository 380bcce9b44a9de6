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

/** Closing a launched movement (POST /movements/{id}/close, body {}). */
export class CloseMovementCommand extends Command<CommandResult> {
  constructor(
    readonly movementId: string,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(CloseMovementCommand)
export class CloseMovementHandler implements ICommandHandler<CloseMovementCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ movementId, meta }: CloseMovementCommand): Promise<CommandResult> {
    return this.runner.run({
      stream: streams.movement(movementId),
      id: movementId,
      decider: movementDecider,
      command: { type: 'closeMovement', data: {} },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
@Idempotent()
export class CloseMovementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @Roles('administrator', 'unit_officer')
  @ApiOperation({ summary: 'Close a launched movement; its final summary may follow' })
  @ApiEmptyBody()
  @CommandResponses()
  close(@Param('id', IdParam) id: string, @Body(EmptyBody) _body: Record<string, never>, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new CloseMovementCommand(id, meta));
  }
}
