import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import type { RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { IdPipe, InitiativeCommandMessage, compact } from './support/http';
import { NomineeStanding } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class DecisionBody {
  @IsIn(['granted', 'declined']) outcome!: 'granted' | 'declined';
  /** Defaults to the nominated award form. */
  @IsOptional() @IsString() @Length(1, 100) awardForm?: string;
  /** Required when granted. */
  @IsOptional() @IsString() @Length(1, 100) decisionNo?: string;
  /** Defaults to today. */
  @IsOptional() @IsISO8601({ strict: true }) decidedOn?: string;
  /** Required when granted. */
  @IsOptional() @IsString() @Length(1, 200) signedBy?: string;
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}

export class PublicationBody {
  @IsString() @Length(1, 200) channel!: string;
  @IsOptional() @IsUrl({ require_protocol: true, require_tld: false }) @Length(1, 2000) url?: string;
}

export class RevocationBody {
  @IsString() @Length(1, 2000) reason!: string;
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
export class DecisionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the decision: granted (with decision number and signer) or declined (decision authority)' })
  decide(@Param('id', IdPipe) id: string, @Body() body: DecisionBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new RecordDecisionCommand(id, body, meta));
  }

  @Post(':id/publication')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the awarded initiative (secretary)' })
  publish(@Param('id', IdPipe) id: string, @Body() body: PublicationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new PublishCommand(id, body, meta));
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the latest award, with a reason; nothing is erased (decision authority)' })
  revoke(@Param('id', IdPipe) id: string, @Body() body: RevocationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new RevokeCommand(id, body, meta));
  }
}
