import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import type { RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { DocumentDto, ID, ID_MESSAGE, IdPipe, InitiativeCommandMessage, MAX_DOCUMENTS, compact } from './support/http';
import { ReferenceSources } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class NominationBody {
  @ApiProperty({ type: String, description: "The award form proposed, as named in the definition's awardForms", example: 'certificate_of_merit' })
  @IsString() @Length(1, 100) awardForm!: string;
  /** Required on tracks with a council review; its level becomes the initiative's. */
  @ApiPropertyOptional({ type: String, description: "The reviewing council; required on tracks with a council review, whose level becomes the initiative's", example: 'council-hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) councilId?: string;
  /** Only for tracks without a council (ad hoc commendation). */
  @ApiPropertyOptional({ type: String, description: 'Level of the commendation; only for tracks without a council (ad hoc commendation)', example: 'district' })
  @IsOptional() @IsString() @Length(1, 50) level?: string;
  @ApiProperty({ type: String, description: 'The nomination statement', example: 'Worth replicating in every ward' })
  @IsString() @Length(1, 20_000) statement!: string;
  @ApiProperty({ type: () => [DocumentDto], description: `The dossier's documents (at most ${MAX_DOCUMENTS})` })
  @IsArray() @ArrayMaxSize(MAX_DOCUMENTS) @ValidateNested({ each: true }) @Type(() => DocumentDto) documents!: DocumentDto[];
}

export class ScreeningBody {
  @ApiProperty({ enum: ['accepted', 'returned'], example: 'accepted' })
  @IsIn(['accepted', 'returned']) outcome!: 'accepted' | 'returned';
  /** Required when the dossier is returned. */
  @ApiPropertyOptional({ type: String, description: 'Why the dossier is returned; required when outcome is returned', example: 'The request letter is not signed' })
  @ValidateIf((body: ScreeningBody) => body.outcome === 'returned' || body.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class ResubmissionBody {
  @ApiPropertyOptional({ type: String, description: 'The corrected statement; the previous one stays when omitted', example: 'Worth replicating in every ward (figures corrected)' })
  @IsOptional() @IsString() @Length(1, 20_000) statement?: string;
  @ApiPropertyOptional({ type: () => [DocumentDto], description: `Corrected documents (at most ${MAX_DOCUMENTS})` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_DOCUMENTS) @ValidateNested({ each: true }) @Type(() => DocumentDto) documents?: DocumentDto[];
}

const documents = (list: DocumentDto[] | undefined) =>
  list?.map((d) => compact({ name: d.name, sha256: d.sha256, url: d.url, fileName: d.fileName, size: d.size, mediaType: d.mediaType }));

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class NominateCommand extends InitiativeCommandMessage<NominationBody> {}

/** A nomination re-pins the initiative to the newest version of its workflow definition. */
@CommandHandler(NominateCommand)
export class NominateHandler implements ICommandHandler<NominateCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly sources: ReferenceSources,
  ) {}

  execute({ initiativeId, body, meta }: NominateCommand) {
    const data = compact({
      awardForm: body.awardForm,
      councilId: body.councilId,
      level: body.level,
      statement: body.statement,
      documents: documents(body.documents) ?? [],
    });
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'nominate',
      definition: 'newest',
      prepare: async (_state, _definition, read) => ({
        command: { type: 'nominate', data },
        context: body.councilId === undefined ? {} : { council: await this.sources.council(body.councilId, read) },
      }),
    });
  }
}

export class ScreenCommand extends InitiativeCommandMessage<ScreeningBody> {}

@CommandHandler(ScreenCommand)
export class ScreenHandler implements ICommandHandler<ScreenCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: ScreenCommand) {
    const data = compact({ outcome: body.outcome, reason: body.reason });
    return this.initiatives.run({ initiativeId, meta, type: 'screen', prepare: () => ({ command: { type: 'screen', data } }) });
  }
}

export class ResubmitCommand extends InitiativeCommandMessage<ResubmissionBody> {}

@CommandHandler(ResubmitCommand)
export class ResubmitHandler implements ICommandHandler<ResubmitCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: ResubmitCommand) {
    const data = compact({ statement: body.statement, documents: documents(body.documents) });
    return this.initiatives.run({ initiativeId, meta, type: 'resubmit', prepare: () => ({ command: { type: 'resubmit', data } }) });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class DossierController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/nomination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Nominate the initiative with its dossier (unit officer)' })
  @CommandResponses()
  nominate(@Param('id', IdPipe) id: string, @Body() body: NominationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new NominateCommand(id, body, meta));
  }

  @Post(':id/screening')
  @HttpCode(200)
  @ApiOperation({ summary: 'Screen the dossier: accepted, or returned with a reason (secretary)' })
  @CommandResponses()
  screen(@Param('id', IdPipe) id: string, @Body() body: ScreeningBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new ScreenCommand(id, body, meta));
  }

  @Post(':id/resubmission')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resubmit a returned dossier, with corrected documents (unit officer)' })
  @CommandResponses()
  resubmit(@Param('id', IdPipe) id: string, @Body() body: ResubmissionBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new ResubmitCommand(id, body, meta));
  }
}
