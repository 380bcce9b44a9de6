import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { createdIdFor, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { ID, ID_MESSAGE, IdPipe, InitiativeCommandMessage, compact } from './support/http';
import { ReferenceSources, WorkflowSettings } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { ReplicationResult } from './initiative-view.dto';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class ReplicationBody {
  @ApiProperty({ type: String, description: 'The unit that adopted the initiative', example: 'haiphong' })
  @Matches(ID, { message: ID_MESSAGE }) adoptingUnitId!: string;
  @ApiProperty({ type: String, description: 'ISO 8601 date the adopting unit started applying it', example: '2025-09-01' })
  @IsISO8601({ strict: true }) startedOn!: string;
  @ApiPropertyOptional({ type: String, example: 'Applied in 12 residential groups' })
  @IsOptional() @IsString() @Length(1, 5000) note?: string;
}

export class ReplicationResultBody {
  @ApiProperty({ type: String, description: 'What the replication achieved', example: 'Paperwork time halved' })
  @IsString() @Length(1, 2000) outcome!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form indicators (a JSON object)', example: { households: 340 } })
  @IsOptional() @IsObject() indicators?: Record<string, unknown>;
}

export class EscalationBody {
  /** The council of the next level up. */
  @ApiProperty({ type: String, description: 'The council of the next level up', example: 'council-national' })
  @Matches(ID, { message: ID_MESSAGE }) councilId!: string;
}

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class ReportReplicationCommand extends InitiativeCommandMessage<ReplicationBody, CommandResult & { replicationId: string }> {}

@CommandHandler(ReportReplicationCommand)
export class ReportReplicationHandler implements ICommandHandler<ReportReplicationCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  async execute({ initiativeId, body, meta }: ReportReplicationCommand) {
    const replicationId = createdIdFor(meta, 'replication');
    const data = compact({ replicationId, adoptingUnitId: body.adoptingUnitId, startedOn: body.startedOn, note: body.note });
    const result = await this.initiatives.run({
      initiativeId,
      meta,
      type: 'reportReplication',
      prepare: () => ({ command: { type: 'reportReplication', data } }),
    });
    return { ...result, replicationId };
  }
}

export class RecordReplicationResultCommand extends InitiativeCommandMessage<ReplicationResultBody & { replicationId: string }> {}

@CommandHandler(RecordReplicationResultCommand)
export class RecordReplicationResultHandler implements ICommandHandler<RecordReplicationResultCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: RecordReplicationResultCommand) {
    const data = compact({ replicationId: body.replicationId, outcome: body.outcome, indicators: body.indicators });
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'recordReplicationResult',
      prepare: () => ({ command: { type: 'recordReplicationResult', data } }),
    });
  }
}

export class EscalateCommand extends InitiativeCommandMessage<EscalationBody> {}

/** A nomination at the next level: re-pins the newest definition version, checks the council's level. */
@CommandHandler(EscalateCommand)
export class EscalateHandler implements ICommandHandler<EscalateCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly sources: ReferenceSources,
    private readonly settings: WorkflowSettings,
  ) {}

  execute({ initiativeId, body, meta }: EscalateCommand) {
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'escalate',
      definition: 'newest',
      prepare: async (_state, _definition, read) => ({
        command: { type: 'escalate', data: { councilId: body.councilId } },
        context: { council: await this.sources.council(body.councilId, read), levels: this.settings.levels },
      }),
    });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class ReplicationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/replications')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report that another unit adopted the initiative (unit officer of the adopting unit)' })
  @CommandResponses(ReplicationResult)
  report(@Param('id', IdPipe) id: string, @Body() body: ReplicationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new ReportReplicationCommand(id, body, meta));
  }

  @Post(':id/replications/:replicationId/results')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the results of a replication (unit officer)' })
  @CommandResponses()
  result(
    @Param('id', IdPipe) id: string,
    @Param('replicationId', IdPipe) replicationId: string,
    @Body() body: ReplicationResultBody,
    @Meta() meta: RequestMeta,
  ) {
    return this.commands.execute(new RecordReplicationResultCommand(id, { outcome: body.outcome, indicators: body.indicators, replicationId }, meta));
  }

  @Post(':id/escalation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Nominate at the next level once enough units replicated it (unit officer, secretary)' })
  @CommandResponses()
  escalate(@Param('id', IdPipe) id: string, @Body() body: EscalationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new EscalateCommand(id, body, meta));
  }
}
