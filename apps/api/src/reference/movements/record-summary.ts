import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { movementDecider, type SummaryKind } from '@laurel/domain';
import { movementStatistics as countedStatistics } from '@laurel/read-models';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Pool } from 'pg';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { FreeText, IdParam } from '../../http/request-validation';
import { ReferenceReader } from '../reference-reader';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

export class RecordSummaryBody {
  @ApiProperty({ enum: ['preliminary', 'final'], description: 'preliminary (sơ kết) while launched; final (tổng kết) once, after the close', example: 'preliminary' })
  @IsIn(['preliminary', 'final']) kind!: SummaryKind;
  @ApiPropertyOptional({ type: String, example: 'Sơ kết giữa kỳ' })
  @IsOptional() @FreeText(1, 5000) note?: string;
}

/** The frozen statistics of a summary: the movement's initiatives counted as they stand. */
export type { MovementStatistics } from '@laurel/read-models';

export class RecordSummaryCommand extends Command<CommandResult> {
  constructor(
    readonly movementId: string,
    readonly body: RecordSummaryBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(RecordSummaryCommand)
export class RecordSummaryHandler implements ICommandHandler<RecordSummaryCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: ReferenceReader,
    private readonly pool: Pool,
  ) {}

  async execute({ movementId, body, meta }: RecordSummaryCommand): Promise<CommandResult> {
    // From the initiatives read model once it shows the whole log: no fold of the movement's streams.
    await this.reader.initiativesCurrent();
    const statistics = await countedStatistics(this.pool, movementId);
    return this.runner.run({
      stream: streams.movement(movementId),
      id: movementId,
      decider: movementDecider,
      command: { type: 'recordSummary', data: { kind: body.kind, ...(body.note !== undefined ? { note: body.note } : {}), statistics: { ...statistics } } },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
@Idempotent()
export class RecordSummaryController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/summaries')
  @HttpCode(200)
  @Roles('administrator', 'unit_officer')
  @ApiOperation({ summary: "Record a preliminary or final summary: a snapshot of the movement's statistics" })
  @CommandResponses()
  record(@Param('id', IdParam) id: string, @Body() body: RecordSummaryBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new RecordSummaryCommand(id, body, meta));
  }
}
