import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { BallotBox, createdIdFor, type CommandResult, type RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { ID, IdPipe, InitiativeCommandMessage, IsNumberRecord, IsStringRecord, compact } from './support/http';
import { ReferenceSources } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { OpenReviewResult } from './initiative-view.dto';
import { Idempotent } from '../http/idempotency.interceptor';

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

export class OpenReviewBody {
  /** Defaults to now plus the definition's review period. */
  @ApiPropertyOptional({ type: String, description: "ISO 8601 deadline of the review; defaults to now plus the definition's review period", example: '2025-07-01T17:00:00+07:00' })
  @IsOptional() @IsISO8601({ strict: true }) deadline?: string;
  /** Only where the definition allows a subset (panelSelection "subset"); defaults to every voting member of the assigned council. */
  @ApiPropertyOptional({ type: [String], description: 'Voting members of the assigned council to sit on the panel (unique, 1 to 500), only where the track allows a subset (parameter panelSelection "subset"; otherwise 400 VALIDATION_FAILED); defaults to every voting member (chair, vice chair, members — never the secretary)', example: ['member-1', 'member-2'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(ID, { each: true, message: 'each panel member must be a user id' })
  panel?: string[];
}

export class ConflictBody {
  @ApiProperty({ type: String, example: 'I supervised the pilot in my own unit' })
  @IsString() @Length(1, 2000) reason!: string;
}

export class ScoresBody {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'A number per rubric criterion (at most 100 criteria)', example: { novelty: 8, impact: 9 } })
  @IsNumberRecord() scores!: Record<string, number>;
  @ApiPropertyOptional({ type: String, example: 'Strong evidence of replication' })
  @IsOptional() @IsString() @Length(1, 5000) comment?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', maxLength: 5000 }, description: 'A comment per rubric criterion (keys are criteria of the rubric; at most 100)', example: { novelty: 'New to the province', scope: 'Three districts so far' } })
  @IsOptional() @IsStringRecord() comments?: Record<string, string>;
}

// ── Commands and handlers ────────────────────────────────────────────────────────────────────────

export class OpenReviewCommand extends InitiativeCommandMessage<OpenReviewBody, CommandResult & { reviewId: string }> {}

/**
 * Opens a review cycle with the assigned council. For a secret-ballot track the review's key is
 * created first, wrapped (the ballots are sealed with it); should the command fail, the key goes
 * again. A previous secret review this one supersedes loses its key in the runner.
 */
@CommandHandler(OpenReviewCommand)
export class OpenReviewHandler implements ICommandHandler<OpenReviewCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly sources: ReferenceSources,
    private readonly ballots: BallotBox,
  ) {}

  async execute({ initiativeId, body, meta }: OpenReviewCommand) {
    const reviewId = createdIdFor(meta, 'review');
    let secret = false;
    try {
      const result = await this.initiatives.run({
        initiativeId,
        meta,
        type: 'openReview',
        prepare: async (state, definition, read) => {
          const council = await this.sources.council(state.councilId, read);
          const memberUnits = await this.sources.memberUnits(council);
          secret = definition.parameters.secretBallot === true;
          if (secret) await this.ballots.createKey(reviewId, initiativeId);
          return {
            command: { type: 'openReview', data: compact({ reviewId, deadline: body.deadline, panel: body.panel }) },
            context: { council, memberUnits },
          };
        },
      });
      return { ...result, reviewId };
    } catch (error) {
      if (secret) await this.ballots.destroy(reviewId);
      throw error;
    }
  }
}

export class DeclareConflictCommand extends InitiativeCommandMessage<ConflictBody> {}

@CommandHandler(DeclareConflictCommand)
export class DeclareConflictHandler implements ICommandHandler<DeclareConflictCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: DeclareConflictCommand) {
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'declareConflict',
      prepare: () => ({ command: { type: 'declareConflict', data: { reason: body.reason } } }),
    });
  }
}

export class SubmitScoresCommand extends InitiativeCommandMessage<ScoresBody> {}

@CommandHandler(SubmitScoresCommand)
export class SubmitScoresHandler implements ICommandHandler<SubmitScoresCommand> {
  constructor(private readonly initiatives: InitiativeRunner) {}

  execute({ initiativeId, body, meta }: SubmitScoresCommand) {
    const data = compact({ scores: { ...body.scores }, comment: body.comment, comments: body.comments === undefined ? undefined : { ...body.comments } });
    return this.initiatives.run({ initiativeId, meta, type: 'submitScores', prepare: () => ({ command: { type: 'submitScores', data } }) });
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class ReviewController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a review cycle with the assigned council (secretary)' })
  @CommandResponses(OpenReviewResult)
  open(@Param('id', IdPipe) id: string, @Body() body: OpenReviewBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new OpenReviewCommand(id, body, meta));
  }

  @Post(':id/review/conflicts')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare a conflict of interest; the member is recused (council member)' })
  @CommandResponses()
  declareConflict(@Param('id', IdPipe) id: string, @Body() body: ConflictBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new DeclareConflictCommand(id, body, meta));
  }

  @Post(':id/review/scores')
  @HttpCode(200)
  @ApiOperation({ summary: 'Score the initiative against the rubric, once (council member)' })
  @CommandResponses()
  score(@Param('id', IdPipe) id: string, @Body() body: ScoresBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new SubmitScoresCommand(id, body, meta));
  }
}
