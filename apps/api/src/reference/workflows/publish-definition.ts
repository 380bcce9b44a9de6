import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { durationProblem, MAX_PERIOD_DAYS, MAX_WORKING_DAYS, workflowDefinitionDecider, type DefinitionDraft } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { FreeText, NestedArray, NestedObject, SingleLine } from '../../http/request-validation';
import { CommandResponses } from '../../http/openapi';
import { Idempotent } from '../../http/idempotency.interceptor';

/*
 * The DTOs check the *shape* of a draft (types, sizes, no control characters), so nothing malformed
 * reaches the domain. Whether the words exist and the graph holds together (unknown command, guard,
 * role or timer, unreachable stages, dead ends…) is the domain's validateDefinition: 422
 * INVALID_DEFINITION with every problem listed.
 */

/** Slug used in the stream name and URLs; the domain's own rule (lower case, digits, _ and -). */
const DEFINITION_ID = /^[a-z][a-z0-9_-]{0,99}$/;
const WORD = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const word = (what: string, each = false) => Matches(WORD, { each, message: `${each ? 'each of ' : ''}$property must be a ${what} (letters, digits, _)` });

@ValidatorConstraint({ name: 'timerAfterXorAt' })
class AfterXorAt implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const timer = args.object as TimerBody;
    return (timer.after === undefined) !== (timer.at === undefined);
  }
  defaultMessage(): string {
    return 'a timer has exactly one of after (a duration) or at (an anchor)';
  }
}

/**
 * A duration Laurel accepts (ISO 8601, bounded as duration.ts says): a 400 naming the field, before
 * the domain (which checks the same, as INVALID_DEFINITION, for drafts that arrive otherwise). With
 * `'workingDays'`, the bound on working days applies when the parameters count the consultation so.
 */
@ValidatorConstraint({ name: 'boundedDuration' })
class BoundedDuration implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return durationProblem(value, { workingDays: this.workingDays(args) }) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `$property ${durationProblem(args.value, { workingDays: this.workingDays(args) }) ?? ''}`.trim();
  }
  private workingDays(args: ValidationArguments): boolean {
    return args.constraints?.[0] === 'workingDays' && (args.object as ParametersBody).consultationInWorkingDays === true;
  }
}

/** `transitions` belong to active stages, `branches` to choice stages, and nowhere else. */
@ValidatorConstraint({ name: 'onlyForStageKind' })
class OnlyForKind implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [kind] = args.constraints as [string];
    return ((args.object as StageBody).kind === kind) === (value !== undefined);
  }
  defaultMessage(args: ValidationArguments): string {
    return `$property is required for, and only for, ${String(args.constraints[0])} stages`;
  }
}

export class TimerBody {
  @ApiProperty({ type: String, pattern: WORD.source, description: 'Timer name; exactly one of after or at is given', example: 'reviewDeadline' })
  @word('timer name') @Validate(AfterXorAt) name!: string;
  @ApiPropertyOptional({ type: String, description: `ISO 8601 duration from the transition (instead of at); at most ${MAX_PERIOD_DAYS} days (5 years)`, example: 'P30D' })
  @IsOptional() @IsString() @Length(1, 50) @Validate(BoundedDuration) after?: string;
  @ApiPropertyOptional({ type: String, pattern: WORD.source, description: 'A date anchor of the initiative (instead of after)', example: 'reviewDeadline' })
  @IsOptional() @word('anchor') at?: string;
  @ApiPropertyOptional({ type: String, description: `ISO 8601 duration added to the anchor (negative for before it); at most ${MAX_PERIOD_DAYS} days (5 years) either way`, example: '-P2D' })
  @IsOptional() @IsString() @Length(1, 50) @Validate(BoundedDuration) offset?: string;
}

export class TransitionBody {
  @ApiProperty({ type: String, pattern: WORD.source, description: 'The command that takes this transition', example: 'nominate' })
  @word('command') command!: string;
  @ApiPropertyOptional({ type: String, pattern: WORD.source, description: 'The command outcome this transition is for, when it has several', example: 'accepted' })
  @IsOptional() @word('outcome') outcome?: string;
  @ApiProperty({ type: String, pattern: WORD.source, description: 'The stage the transition leads to', example: 'nominated' })
  @word('stage id') to!: string;
  @ApiProperty({ type: [String], description: 'Roles allowed to issue the command (at most 20)', example: ['unit_officer'] })
  @IsArray() @ArrayMaxSize(20) @word('role', true) roles!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Guards that must hold (at most 20)', example: ['nomineeInGoodStanding'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @word('guard', true) guards?: string[];
  @ApiPropertyOptional({ type: () => [TimerBody], description: 'Timers started by the transition (at most 20)' })
  @IsOptional() @NestedArray(() => TimerBody, 20) timers?: TimerBody[];
}

export class ChoiceBranchBody {
  @ApiProperty({ type: String, pattern: WORD.source, description: 'The outcome that selects this branch', example: 'no_quorum' })
  @word('outcome') outcome!: string;
  @ApiProperty({ type: String, pattern: WORD.source, description: 'The stage the branch leads to', example: 'screening' })
  @word('stage id') to!: string;
}

export class StageBody {
  @ApiProperty({ type: String, pattern: WORD.source, example: 'in_review' })
  @word('stage id') id!: string;
  @ApiProperty({ enum: ['active', 'choice', 'final'], description: 'active stages have transitions, choice stages branches, final stages neither', example: 'active' })
  @IsIn(['active', 'choice', 'final']) kind!: 'active' | 'choice' | 'final';
  @ApiPropertyOptional({ type: String, example: 'Under council review' })
  @IsOptional() @SingleLine(1, 200) label?: string;
  @ApiPropertyOptional({ type: () => [TransitionBody], description: 'Required for, and only for, active stages (at most 100)' })
  @ValidateIf((s: StageBody) => s.kind === 'active' || s.transitions !== undefined)
  @Validate(OnlyForKind, ['active'])
  @NestedArray(() => TransitionBody, 100)
  transitions?: TransitionBody[];
  @ApiPropertyOptional({ type: () => [ChoiceBranchBody], description: 'Required for, and only for, choice stages (at most 50)' })
  @ValidateIf((s: StageBody) => s.kind === 'choice' || s.branches !== undefined)
  @Validate(OnlyForKind, ['choice'])
  @NestedArray(() => ChoiceBranchBody, 50)
  branches?: ChoiceBranchBody[];
}

export class QuorumBody {
  @ApiProperty({ type: String, description: "A fraction such as '2/3' or '90%'", example: '2/3' })
  @IsString() @Length(1, 20) fraction!: string;
  @ApiProperty({ type: String, description: 'What the fraction is of: all_members for a quorum; all_members, members_present or ballots_cast for an approval', example: 'all_members' })
  @IsString() @Length(1, 50) base!: string;
}

export class ApprovalBody extends QuorumBody {
  @ApiProperty({ type: String, description: 'How the approvals compare with the fraction: at_least or more_than', example: 'at_least' })
  @IsString() @Length(1, 50) comparison!: string;
}

export class RubricCriterionBody {
  @ApiProperty({ type: String, pattern: WORD.source, example: 'novelty' })
  @word('criterion') criterion!: string;
  @ApiPropertyOptional({ type: String, example: 'Novelty and creativity' })
  @IsOptional() @SingleLine(1, 200) label?: string;
  @ApiProperty({ type: Number, description: 'Weight of the criterion in the total', example: 3 })
  @IsNumber() weight!: number;
  @ApiProperty({ type: Number, description: 'Highest score of the criterion', example: 10 })
  @IsNumber() max!: number;
}

export class ParametersBody {
  @ApiPropertyOptional({ type: () => QuorumBody, description: 'Who must take part for a review to count' })
  @IsOptional() @NestedObject(() => QuorumBody) quorum?: QuorumBody;
  @ApiPropertyOptional({ type: () => ApprovalBody, description: 'How many approvals a recommendation needs' })
  @IsOptional() @NestedObject(() => ApprovalBody) approval?: ApprovalBody;
  @ApiPropertyOptional({ type: Boolean, description: 'Whether council ballots are secret', example: true })
  @IsOptional() @IsBoolean() secretBallot?: boolean;
  @ApiPropertyOptional({ type: () => [RubricCriterionBody], description: 'Scoring rubric (at most 50 criteria)' })
  @IsOptional() @NestedArray(() => RubricCriterionBody, 50) rubric?: RubricCriterionBody[];
  @ApiPropertyOptional({ type: String, description: `ISO 8601 duration of a review; at most ${MAX_PERIOD_DAYS} days (5 years)`, example: 'P14D' })
  @IsOptional() @IsString() @Length(1, 50) @Validate(BoundedDuration) reviewPeriod?: string;
  @ApiPropertyOptional({ type: String, description: `ISO 8601 duration of the public consultation; at most ${MAX_PERIOD_DAYS} days, and ${MAX_WORKING_DAYS} working days when counted so`, example: 'P10D' })
  @IsOptional() @IsString() @Length(1, 50) @Validate(BoundedDuration, ['workingDays']) consultationPeriod?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'Count the consultation period in working days', example: true })
  @IsOptional() @IsBoolean() consultationInWorkingDays?: boolean;
  @ApiPropertyOptional({ type: Number, description: 'Adopting units needed before escalation to the next level', example: 3 })
  @IsOptional() @IsNumber() replicationsForEscalation?: number;
  @ApiPropertyOptional({ type: [String], description: 'Documents a dossier must hold (at most 50)', example: ['request_letter', 'pilot_report'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @SingleLine(1, 200, { each: true }) requiredDocuments?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Award forms a nomination may propose (at most 50)', example: ['certificate_of_merit'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @SingleLine(1, 200, { each: true }) awardForms?: string[];
  @ApiPropertyOptional({ type: Boolean, description: 'Whether the award counts towards higher awards', example: true })
  @IsOptional() @IsBoolean() countsTowardsHigherAwards?: boolean;
}

export class DefinitionDraftBody {
  @ApiProperty({ type: String, pattern: DEFINITION_ID.source, description: 'Lower-case slug: a-z, 0-9, _ and - (at most 100)', example: 'initiative-recognition' })
  @Matches(DEFINITION_ID, { message: 'id must be a lower-case slug: a-z, 0-9, _ and - (at most 100)' }) id!: string;
  @ApiProperty({ type: String, example: 'Recognition of initiatives' })
  @SingleLine(1, 300) title!: string;
  @ApiPropertyOptional({ type: String, example: 'Registration, nomination, council review, consultation, decision' })
  @IsOptional() @FreeText(1, 2000) description?: string;
  @ApiProperty({ type: () => TransitionBody, description: 'The transition that creates an initiative' })
  @NestedObject(() => TransitionBody) start!: TransitionBody;
  @ApiProperty({ type: () => [StageBody], description: 'The stages (at most 100)' })
  @NestedArray(() => StageBody, 100) stages!: StageBody[];
  @ApiProperty({ type: () => ParametersBody })
  @NestedObject(() => ParametersBody) parameters!: ParametersBody;
}

export class PublishDefinitionBody {
  @ApiProperty({ type: () => DefinitionDraftBody, description: 'The draft; checked by the domain (422 INVALID_DEFINITION listing every problem)' })
  @NestedObject(() => DefinitionDraftBody) definition!: DefinitionDraftBody;
}

export class PublishDefinitionCommand extends Command<CommandResult> {
  constructor(
    readonly body: PublishDefinitionBody,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(PublishDefinitionCommand)
export class PublishDefinitionHandler implements ICommandHandler<PublishDefinitionCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ body, meta }: PublishDefinitionCommand): Promise<CommandResult> {
    // Plain JSON data for the domain and the event: no DTO prototypes, no properties set to undefined
    // (the domain tells an `after` timer from an `at` one by which key is present).
    const definition = JSON.parse(JSON.stringify(body.definition)) as DefinitionDraft;
    return this.runner.run({
      stream: streams.workflow(definition.id),
      id: definition.id,
      decider: workflowDefinitionDecider,
      command: { type: 'publishDefinition', data: { definition } },
      meta,
      context: (_state, now) => ({ now, actor: meta.actor }),
    });
  }
}

@ApiTags('workflow definitions')
@ApiBearerAuth()
@Controller('workflows')
@Idempotent()
export class PublishDefinitionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({
    summary: 'Publish a definition as its next version (1 for a new id)',
    description: 'Body `{ definition: DefinitionDraft }`. An invalid draft is a 422 INVALID_DEFINITION listing every problem.',
  })
  @CommandResponses(undefined, { status: 201 })
  publish(@Body() body: PublishDefinitionBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new PublishDefinitionCommand(body, meta));
  }
}
