import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { workflowDefinitionDecider, type DefinitionDraft } from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../../http/request-meta.decorator';
import { Roles } from '../../auth/auth.decorators';
import { FreeText, NestedArray, NestedObject, SingleLine } from '../../http/request-validation';

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
  @word('timer name') @Validate(AfterXorAt) name!: string;
  @IsOptional() @IsString() @Length(1, 50) after?: string;
  @IsOptional() @word('anchor') at?: string;
  @IsOptional() @IsString() @Length(1, 50) offset?: string;
}

export class TransitionBody {
  @word('command') command!: string;
  @IsOptional() @word('outcome') outcome?: string;
  @word('stage id') to!: string;
  @IsArray() @ArrayMaxSize(20) @word('role', true) roles!: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(20) @word('guard', true) guards?: string[];
  @IsOptional() @NestedArray(() => TimerBody, 20) timers?: TimerBody[];
}

export class ChoiceBranchBody {
  @word('outcome') outcome!: string;
  @word('stage id') to!: string;
}

export class StageBody {
  @word('stage id') id!: string;
  @IsIn(['active', 'choice', 'final']) kind!: 'active' | 'choice' | 'final';
  @IsOptional() @SingleLine(1, 200) label?: string;
  @ValidateIf((s: StageBody) => s.kind === 'active' || s.transitions !== undefined)
  @Validate(OnlyForKind, ['active'])
  @NestedArray(() => TransitionBody, 100)
  transitions?: TransitionBody[];
  @ValidateIf((s: StageBody) => s.kind === 'choice' || s.branches !== undefined)
  @Validate(OnlyForKind, ['choice'])
  @NestedArray(() => ChoiceBranchBody, 50)
  branches?: ChoiceBranchBody[];
}

export class QuorumBody {
  @IsString() @Length(1, 20) fraction!: string;
  @IsString() @Length(1, 50) base!: string;
}

export class ApprovalBody extends QuorumBody {
  @IsString() @Length(1, 50) comparison!: string;
}

export class RubricCriterionBody {
  @word('criterion') criterion!: string;
  @IsOptional() @SingleLine(1, 200) label?: string;
  @IsNumber() weight!: number;
  @IsNumber() max!: number;
}

export class ParametersBody {
  @IsOptional() @NestedObject(() => QuorumBody) quorum?: QuorumBody;
  @IsOptional() @NestedObject(() => ApprovalBody) approval?: ApprovalBody;
  @IsOptional() @IsBoolean() secretBallot?: boolean;
  @IsOptional() @NestedArray(() => RubricCriterionBody, 50) rubric?: RubricCriterionBody[];
  @IsOptional() @IsString() @Length(1, 50) reviewPeriod?: string;
  @IsOptional() @IsString() @Length(1, 50) consultationPeriod?: string;
  @IsOptional() @IsBoolean() consultationInWorkingDays?: boolean;
  @IsOptional() @IsNumber() replicationsForEscalation?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @SingleLine(1, 200, { each: true }) requiredDocuments?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @SingleLine(1, 200, { each: true }) awardForms?: string[];
  @IsOptional() @IsBoolean() countsTowardsHigherAwards?: boolean;
}

export class DefinitionDraftBody {
  @Matches(DEFINITION_ID, { message: 'id must be a lower-case slug: a-z, 0-9, _ and - (at most 100)' }) id!: string;
  @SingleLine(1, 300) title!: string;
  @IsOptional() @FreeText(1, 2000) description?: string;
  @NestedObject(() => TransitionBody) start!: TransitionBody;
  @NestedArray(() => StageBody, 100) stages!: StageBody[];
  @NestedObject(() => ParametersBody) parameters!: ParametersBody;
}

export class PublishDefinitionBody {
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
export class PublishDefinitionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({
    summary: 'Publish a definition as its next version (1 for a new id)',
    description: 'Body `{ definition: DefinitionDraft }`. An invalid draft is a 422 INVALID_DEFINITION listing every problem.',
  })
  publish(@Body() body: PublishDefinitionBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new PublishDefinitionCommand(body, meta));
  }
}
