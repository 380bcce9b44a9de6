import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { councilDecider } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { IdParam } from '../../http/request-validation';
import { ReferenceChecks } from '../reference-checks';
import { CouncilMemberBody } from './create-council';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

/** Adding a member to an existing council (POST /councils/{id}/members). */
export class AddCouncilMemberCommand extends Command<CommandResult> {
  constructor(
    readonly councilId: string,
    readonly body: CouncilMemberBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(AddCouncilMemberCommand)
export class AddCouncilMemberHandler implements ICommandHandler<AddCouncilMemberCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  execute({ councilId, body, meta }: AddCouncilMemberCommand): Promise<CommandResult> {
    return this.runner.run({
      stream: streams.council(councilId),
      id: councilId,
      decider: councilDecider,
      command: { type: 'addMember', data: { userId: body.userId, role: body.role } },
      meta,
      // A missing council is the decider's 404; only then is an unknown user worth reporting.
      context: async (state, now) => {
        if (state.status === 'active') await this.references.require([{ field: 'userId', kind: 'user', id: body.userId }]);
        return { now, actor: meta.actor };
      },
    });
  }
}

/** Removing a member (DELETE /councils/{id}/members/{userId}); past reviews keep their panels. */
export class RemoveCouncilMemberCommand extends Command<CommandResult> {
  constructor(
    readonly councilId: string,
    readonly userId: string,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(RemoveCouncilMemberCommand)
export class RemoveCouncilMemberHandler implements ICommandHandler<RemoveCouncilMemberCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ councilId, userId, meta }: RemoveCouncilMemberCommand): Promise<CommandResult> {
    return this.runner.run({
      stream: streams.council(councilId),
      id: councilId,
      decider: councilDecider,
      command: { type: 'removeMember', data: { userId } },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('councils/:id/members')
@Idempotent()
export class CouncilMembersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('administrator')
  @ApiOperation({ summary: 'Add a member to a council' })
  @CommandResponses()
  add(@Param('id', IdParam) id: string, @Body() body: CouncilMemberBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new AddCouncilMemberCommand(id, body, meta));
  }

  @Delete(':userId')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOperation({ summary: 'Remove a member from a council' })
  @CommandResponses()
  remove(@Param('id', IdParam) id: string, @Param('userId', IdParam) userId: string, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new RemoveCouncilMemberCommand(id, userId, meta));
  }
}
