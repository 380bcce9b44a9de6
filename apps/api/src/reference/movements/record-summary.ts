import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { initiativeDecider, movementDecider, type Initiative, type SummaryKind } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { FreeText, IdParam } from '../../http/request-validation';
import { ReferenceReader } from '../reference-reader';
import { CommandResponses } from '../../http/openapi';

export class RecordSummaryBody {
  @ApiProperty({ enum: ['preliminary', 'final'], description: 'preliminary (sơ kết) while launched; final (tổng kết) once, after the close', example: 'preliminary' })
  @IsIn(['preliminary', 'final']) kind!: SummaryKind;
  @ApiPropertyOptional({ type: String, example: 'Sơ kết giữa kỳ' })
  @IsOptional() @FreeText(1, 5000) note?: string;
}

/** The frozen statistics of a summary: the movement's initiatives counted as they stand. */
export interface MovementStatistics {
  initiatives: number;
  /** Per workflow status (the initiative's current stage). */
  byStatus: Record<string, number>;
  byField: Record<string, number>;
}

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
  ) {}

  async execute({ movementId, body, meta }: RecordSummaryCommand): Promise<CommandResult> {
    const statistics = movementStatistics(await this.initiativesOf(movementId));
    return this.runner.run({
      stream: streams.movement(movementId),
      id: movementId,
      decider: movementDecider,
      command: { type: 'recordSummary', data: { kind: body.kind, ...(body.note !== undefined ? { note: body.note } : {}), statistics: { ...statistics } } },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }

  private async initiativesOf(movementId: string): Promise<Initiative[]> {
    const all = await this.reader.all('initiative', initiativeDecider);
    return all.filter((s): s is Initiative => s.kind === 'initiative' && s.movementId === movementId);
  }
}

export function movementStatistics(initiatives: readonly Initiative[]): MovementStatistics {
  const count = (key: (i: Initiative) => string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const initiative of initiatives) counts[key(initiative)] = (counts[key(initiative)] ?? 0) + 1;
    return counts;
  };
  return { initiatives: initiatives.length, byStatus: count((i) => i.stage), byField: count((i) => i.field) };
}

@ApiTags('movements')
@ApiBearerAuth()
@Controller('movements')
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
