import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import type { Actor } from '@laurel/domain';
import { createdIdFor, type CommandResult, type RequestMeta } from '@laurel/application';
import { Public } from '../auth/auth.decorators';
import { ObjectionRateLimit } from '../http/rate-limit/rate-limit';
import { Meta } from '../http/request-meta.decorator';
import { EmptyBody, IdPipe, InitiativeCommandMessage, compact } from './support/http';
import { WorkflowSettings } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { OpenConsultationResult, ObjectionResult } from './initiative-view.dto';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class OpenConsultationBody {
  /** Defaults to now plus the definition's consultation period (in working days where it says so). */
  @ApiPropertyOptional({ type: String, description: "ISO 8601 end of the consultation window; defaults to now plus the definition's consultation period", example: '2025-08-15T17:00:00+07:00' })
  @IsOptional() @IsISO8601({ strict: true }) closesAt?: string;
}

export class ObjectionBody {
  @ApiProperty({ type: String, description: 'The objection, as the objector writes it', example: 'The pilot figures for Q2 are overstated' })
  @IsString() @Length(1, 10_000) text!: string;
  /** How to reach the objector; shown only to those who handle objections. */
  @ApiPropertyOptional({ type: String, description: 'How to reach the objector; shown only to those who handle objections', example: 'tran.b@example.vn' })
  @IsOptional() @IsString() @Length(1, 300) contact?: string;
}

export class ResolutionBody {
  @ApiProperty({ enum: ['upheld', 'dismissed'], description: 'upheld sends the dossier back to screening', example: 'dismissed' })
  @IsIn(['upheld', 'dismissed']) outcome!: 'upheld' | 'dismissed';
  @ApiProperty({ type: String, example: 'The figures match the audited report' })
  @IsString() @Length(1, 2000) reason!: string;
}

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class OpenConsultationCommand extends InitiativeCommandMessage<OpenConsultationBody, CommandResult & { consultationId: string }> {}

@CommandHandler(OpenConsultationCommand)
export class OpenConsultationHandler implements ICommandHandler<OpenConsultationCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly settings: WorkflowSettings,
  ) {}

  async execute({ initiativeId, body, meta }: OpenConsultationCommand) {
    const consultationId = createdIdFor(meta, 'consultation');
    const data = compact({ consultationId, closesAt: body.closesAt });
    const result = await this.initiatives.run({
      initiativeId,
      meta,
      type: 'openConsultation',
      prepare: () => ({ command: { type: 'openConsultation', data }, context: { holidays: this.settings.holidays } }),
    });
    return { ...result, consultationId };
  }
}

export class FileObjectionCommand extends InitiativeCommandMessage<ObjectionBody, CommandResult & { objectionId: string }> {}

/** Anyone may object, with or without an account: the objection is filed in the public's role. */
const asPublic = (actor: Actor): Actor => (actor.roles.includes('public') ? actor : { ...actor, roles: [...actor.roles, 'public'] });

@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  async execute({ initiativeId, body, meta }: FileObjectionCommand) {
    const objectionId = createdIdFor(meta, 'objection');
    const data = compact({ objectionId, text: body.text, contact: body.contact });
    const result = await this.initiatives.run({
      initiativeId,
      meta,
      actor: asPublic(meta.actor),
      type: 'fileObjection',
      prepare: () => ({ command: { type: 'fileObjection', data } }),
    });
    return { ...result, objectionId };
  }
}

export class ResolveObjectionCommand extends InitiativeCommandMessage<ResolutionBody & { objectionId: string }> {}

@CommandHandler(ResolveObjectionCommand)
export class ResolveObjectionHandler implements ICommandHandler<ResolveObjectionCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: ResolveObjectionCommand) {
    const data = { objectionId: body.objectionId, outcome: body.outcome, reason: body.reason };
    return this.initiatives.run({ initiativeId, meta, type: 'resolveObjection', prepare: () => ({ command: { type: 'resolveObjection', data } }) });
  }
}

export class CloseConsultationCommand extends InitiativeCommandMessage<EmptyBody> {}

/** Normally the worker closes the consultation when its window ends; a secretary may too. */
@CommandHandler(CloseConsultationCommand)
export class CloseConsultationHandler implements ICommandHandler<CloseConsultationCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, meta }: CloseConsultationCommand) {
    return this.initiatives.run({ initiativeId, meta, type: 'closeConsultation', prepare: () => ({ command: { type: 'closeConsultation', data: {} } }) });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class ConsultationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/consultation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the public consultation (secretary)' })
  @CommandResponses(OpenConsultationResult)
  open(@Param('id', IdPipe) id: string, @Body() body: OpenConsultationBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new OpenConsultationCommand(id, body, meta));
  }

  @Post(':id/consultation/objections')
  @Public()
  @ObjectionRateLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'File an objection while the consultation is open (public, no token needed)' })
  @CommandResponses(ObjectionResult, { public: true, problems: [429] })
  object(@Param('id', IdPipe) id: string, @Body() body: ObjectionBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new FileObjectionCommand(id, body, meta));
  }

  @Post(':id/consultation/objections/:objectionId/resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve an objection: upheld (back to screening) or dismissed (secretary)' })
  @CommandResponses()
  resolve(
    @Param('id', IdPipe) id: string,
    @Param('objectionId', IdPipe) objectionId: string,
    @Body() body: ResolutionBody,
    @Meta() meta: RequestMeta,
  ) {
    return this.commands.execute(new ResolveObjectionCommand(id, { outcome: body.outcome, reason: body.reason, objectionId }, meta));
  }

  @Post(':id/consultation/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the consultation once its window has ended (worker or secretary)' })
  @CommandResponses()
  close(@Param('id', IdPipe) id: string, @Body() body: EmptyBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new CloseConsultationCommand(id, body, meta));
  }
}
