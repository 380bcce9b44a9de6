import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { createdIdFor, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { ID, ID_MESSAGE, IdPipe, InitiativeCommandMessage, compact } from './support/http';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { ProgressReportResult } from './initiative-view.dto';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class AuthorDto {
  @ApiProperty({ type: String, description: 'Full name of the author', example: 'Nguyễn Văn A' })
  @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ type: String, description: "The author's user id, when the author has an account", example: 'officer-hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) userId?: string;
}

export class RegisterInitiativeBody {
  @ApiPropertyOptional({ type: String, description: 'The initiative id to use; a new UUID when omitted', example: 'ledger-2025-hanoi' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) id?: string;
  @ApiProperty({ type: String, description: 'The launched emulation movement the initiative belongs to', example: 'movement-2025' })
  @Matches(ID, { message: ID_MESSAGE }) movementId!: string;
  @ApiProperty({ type: String, description: 'The unit that registers the initiative', example: 'hanoi' })
  @Matches(ID, { message: ID_MESSAGE }) unitId!: string;
  @ApiProperty({ type: String, example: 'Digital residential-group ledger' })
  @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ type: String, example: 'Households report by phone instead of paper forms' })
  @IsString() @Length(1, 10_000) summary!: string;
  @ApiProperty({ type: String, description: 'Field of the initiative, as listed by the movement', example: 'economy' })
  @IsString() @Length(1, 100) field!: string;
  @ApiProperty({ type: () => [AuthorDto], description: 'Authors of the initiative (at most 50)' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AuthorDto) authors!: AuthorDto[];
}

export class ProgressReportBody {
  @ApiProperty({ type: String, example: '120 households report by phone' })
  @IsString() @Length(1, 10_000) summary!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form indicators (a JSON object)', example: { households: 120 } })
  @IsOptional() @IsObject() indicators?: Record<string, unknown>;
}

export class SelfAssessmentBody {
  @ApiProperty({ type: String, example: 'All targets of the year met' })
  @IsString() @Length(1, 10_000) summary!: string;
  @ApiPropertyOptional({ type: Number, description: "The unit's own score (a finite number)", example: 92.5 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) selfScore?: number;
}

export class WithdrawalBody {
  @ApiProperty({ type: String, example: 'The pilot was stopped' })
  @IsString() @Length(1, 2000) reason!: string;
}

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class RegisterInitiativeCommand extends Command<CommandResult> {
  constructor(
    readonly body: RegisterInitiativeBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(RegisterInitiativeCommand)
export class RegisterInitiativeHandler implements ICommandHandler<RegisterInitiativeCommand, CommandResult> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ body, meta }: RegisterInitiativeCommand): Promise<CommandResult> {
    const { id, authors, ...rest } = body;
    const initiativeId = id ?? createdIdFor(meta, 'initiative');
    const data = { initiativeId, ...rest, authors: authors.map((a) => compact({ name: a.name, userId: a.userId })) };
    return this.initiatives.register({ type: 'register', data }, meta);
  }
}

export class ReportProgressCommand extends InitiativeCommandMessage<ProgressReportBody, CommandResult & { reportId: string }> {}

@CommandHandler(ReportProgressCommand)
export class ReportProgressHandler implements ICommandHandler<ReportProgressCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  async execute({ initiativeId, body, meta }: ReportProgressCommand) {
    const reportId = createdIdFor(meta, 'progress-report');
    const data = compact({ reportId, summary: body.summary, indicators: body.indicators });
    const result = await this.initiatives.run({ initiativeId, meta, type: 'reportProgress', prepare: () => ({ command: { type: 'reportProgress', data } }) });
    return { ...result, reportId };
  }
}

export class SubmitSelfAssessmentCommand extends InitiativeCommandMessage<SelfAssessmentBody> {}

@CommandHandler(SubmitSelfAssessmentCommand)
export class SubmitSelfAssessmentHandler implements ICommandHandler<SubmitSelfAssessmentCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: SubmitSelfAssessmentCommand) {
    const data = compact({ summary: body.summary, selfScore: body.selfScore });
    return this.initiatives.run({ initiativeId, meta, type: 'submitSelfAssessment', prepare: () => ({ command: { type: 'submitSelfAssessment', data } }) });
  }
}

export class WithdrawCommand extends InitiativeCommandMessage<WithdrawalBody> {}

@CommandHandler(WithdrawCommand)
export class WithdrawHandler implements ICommandHandler<WithdrawCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: WithdrawCommand) {
    return this.initiatives.run({ initiativeId, meta, type: 'withdraw', prepare: () => ({ command: { type: 'withdraw', data: { reason: body.reason } } }) });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class RegistrationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an initiative under a launched movement (unit officer)' })
  @CommandResponses(undefined, { status: 201 })
  register(@Body() body: RegisterInitiativeBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new RegisterInitiativeCommand(body, meta));
  }

  @Post(':id/progress-reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report progress while the initiative is cultivated (unit officer)' })
  @CommandResponses(ProgressReportResult)
  reportProgress(@Param('id', IdPipe) id: string, @Body() body: ProgressReportBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new ReportProgressCommand(id, body, meta));
  }

  @Post(':id/self-assessment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the self-assessment of an annual emulation title (unit officer)' })
  @CommandResponses()
  selfAssess(@Param('id', IdPipe) id: string, @Body() body: SelfAssessmentBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new SubmitSelfAssessmentCommand(id, body, meta));
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the initiative before the decision (unit officer)' })
  @CommandResponses()
  withdraw(@Param('id', IdPipe) id: string, @Body() body: WithdrawalBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new WithdrawCommand(id, body, meta));
  }
}
