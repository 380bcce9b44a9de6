import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import type { RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { IdPipe, InitiativeCommandMessage, compact } from './support/http';
import { NomineeStanding } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class DecisionBody {
  @ApiProperty({ enum: ['granted', 'declined'], example: 'granted' })
  @IsIn(['granted', 'declined']) outcome!: 'granted' | 'declined';
  /** Defaults to the nominated award form. */
  @ApiPropertyOptional({ type: String, description: 'The award form granted; defaults to the nominated one', example: 'certificate_of_merit' })
  @IsOptional() @IsString() @Length(1, 100) awardForm?: string;
  /** Required when granted. */
  @ApiPropertyOptional({ type: String, description: 'Number of the decision; required when granted', example: '123/QĐ-UBND' })
  @IsOptional() @IsString() @Length(1, 100) decisionNo?: string;
  /** Defaults to today. */
  @ApiPropertyOptional({ type: String, description: 'ISO 8601 date of the decision; defaults to today', example: '2025-06-01' })
  @IsOptional() @IsISO8601({ strict: true }) decidedOn?: string;
  /** Required when granted. */
  @ApiPropertyOptional({ type: String, description: 'Who signed the decision; required when granted', example: "Chairman of the Provincial People's Committee" })
  @IsOptional() @IsString() @Length(1, 200) signedBy?: string;
  @ApiPropertyOptional({ type: String, description: 'Grounds of the decision (e.g. why it was declined)', example: 'Not yet replicated outside the unit' })
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}

export class PublicationBody {
  @ApiProperty({ type: String, description: 'Where the award is published', example: 'provincial gazette' })
  @IsString() @Length(1, 200) channel!: string;
  @ApiPropertyOptional({ type: String, format: 'uri', description: 'Link to the publication (with protocol)', example: 'https://gazette.example/123' })
  @IsOptional() @IsUrl({ require_protocol: true, require_tld: false }) @Length(1, 2000) url?: string;
}

export class RevocationBody {
  @ApiProperty({ type: String, example: 'Forged pilot figures' })
  @IsString() @Length(1, 2000) reason!: string;
  @ApiPropertyOptional({ type: String, description: 'The legal provision the revocation rests on', example: 'Decree 98/2023/ND-CP, Article 30' })
  @IsOptional() @IsString() @Length(1, 500) legalBasis?: string;
}

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class RecordDecisionCommand extends InitiativeCommandMessage<DecisionBody> {}

/** A grant needs the nominee's standing (guard nomineeInGoodStanding); see NomineeStanding. */
@CommandHandler(RecordDecisionCommand)
export class RecordDecisionHandler implements ICommandHandler<RecordDecisionCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly standing: NomineeStanding,
  ) {}

  execute({ initiativeId, body, meta }: RecordDecisionCommand) {
    const data = compact({
      outcome: body.outcome,
      awardForm: body.awardForm,
      decisionNo: body.decisionNo,
      decidedOn: body.decidedOn,
      signedBy: body.signedBy,
      reason: body.reason,
    });
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'recordDecision',
      prepare: async (state) => ({
        command: { type: 'recordDecision', data },
        context: body.outcome === 'granted' ? { nomineeStanding: await this.standing.of(state) } : {},
      }),
    });
  }
}

export class PublishCommand extends InitiativeCommandMessage<PublicationBody> {}

@CommandHandler(PublishCommand)
export class PublishHandler implements ICommandHandler<PublishCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: PublishCommand) {
    const data = compact({ channel: body.channel, url: body.url });
    return this.initiatives.run({ initiativeId, meta, type: 'publish', prepare: () => ({ command: { type: 'publish', data } }) });
  }
}

export class RevokeCommand extends InitiativeCommandMessage<RevocationBody> {}

@CommandHandler(RevokeCommand)
export class RevokeHandler implements ICommandHandler<RevokeCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: RevokeCommand) {
    const data = compact({ reason: body.reason, legalBasis: body.legalBasis });
    return this.initiatives.run({ initiativeId, meta, type: 'revoke', prepare: () => ({ command: { type: 'revoke', data } }) });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class DecisionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the decision: granted (with decision number and signer) or declined (decision authority)' })
  @CommandResponses()
  decide(@Param('id', IdPipe) id: string, @Body() body: DecisionBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new RecordDecisionCommand(id, body, meta));
  }

  @Post(':id/publication')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the awarded initiative (secretary)' })
  @CommandResponses()
  publish(@Param('id', IdPipe) id: string, @Body() body: PublicationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new PublishCommand(id, body, meta));
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the latest award, with a reason; nothing is erased (decision authority)' })
  @CommandResponses()
  revoke(@Param('id', IdPipe) id: string, @Body() body: RevocationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new RevokeCommand(id, body, meta));
  }
}
