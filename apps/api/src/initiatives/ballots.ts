import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CHOICES, ballotKeyNeeded, currentReview, type Choice, type Initiative, type WorkflowDefinition } from '@laurel/domain';
import { BallotBox, type CommandResult, type RequestMeta } from '@laurel/application';
import { SecretBody } from '../http/idempotency-fingerprint';
import { Meta } from '../http/request-meta.decorator';
import { EmptyBody, IdPipe, InitiativeCommandMessage } from './support/http';
import { InitiativeRunner } from './support/initiative-runner';
import { CommandResponses } from '../http/openapi';
import { CloseReviewResult } from './initiative-view.dto';
import { Idempotent } from '../http/idempotency.interceptor';

/*
 * Secret ballots (libs/domain/README.md, "Secret ballot: the contract with the app layer";
 * docs/secret-ballots.md). The plain choice of a secret ballot exists only in this process, in the
 * handler's closure, for the time it takes to seal it: it is never put in an event, a response, a
 * log line or an error. The log receives only `sealedChoice` (AES-256-GCM under the review's key,
 * random IV, one length for every choice), and the event's metadata a fresh correlation id. At
 * close the sealed choices are opened and sorted — no order, no voter link — and only the tally is
 * recorded; the key is then destroyed, after which nothing maps a member to a choice.
 */

export class BallotBody {
  @ApiProperty({ enum: CHOICES, description: "The member's vote; sealed at once when the review is secret", example: 'approve' })
  @IsIn(CHOICES) choice!: Choice;
}

/** The current review when it is secret and its key is still needed (`ballotKeyNeeded`). */
const liveSecretReview = (state: Initiative, definition: WorkflowDefinition) => {
  const review = currentReview(state);
  return review?.secretBallot && ballotKeyNeeded(state, review.reviewId, definition) ? review : undefined;
};

export class CastBallotCommand extends InitiativeCommandMessage<BallotBody> {}

@CommandHandler(CastBallotCommand)
export class CastBallotHandler implements ICommandHandler<CastBallotCommand, CommandResult> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly ballots: BallotBox,
  ) {}

  execute({ initiativeId, body, meta }: CastBallotCommand): Promise<CommandResult> {
    const { choice } = body;
    return this.initiatives.run({
      initiativeId,
      meta,
      type: 'castBallot',
      // Sealed on every attempt for the review the state shows live, so a ballot can only ever be
      // sealed with the key of the review it is recorded in. A secret review that has ended gets
      // no choice at all: the engine refuses the ballot (REVIEW_CLOSED, TRANSITION_NOT_ALLOWED).
      prepare: async (state, definition) => {
        const review = liveSecretReview(state, definition);
        if (review) return { command: { type: 'castBallot', data: { sealedChoice: await this.ballots.seal(review.reviewId, choice) } } };
        return { command: { type: 'castBallot', data: currentReview(state)?.secretBallot ? {} : { choice } } };
      },
    });
  }
}

export class CloseReviewCommand extends InitiativeCommandMessage<EmptyBody, CommandResult & { reviewId?: string }> {}

@CommandHandler(CloseReviewCommand)
export class CloseReviewHandler implements ICommandHandler<CloseReviewCommand> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly ballots: BallotBox,
  ) {}

  async execute({ initiativeId, meta }: CloseReviewCommand) {
    let reviewId: string | undefined;
    let secret = false;
    try {
      const result = await this.initiatives.run({
        initiativeId,
        meta,
        type: 'closeReview',
        // Revealed on every attempt from the sealed ballots of the state the close is decided on:
        // a ballot that lands first is counted, the count always matches the voters. The runner
        // destroys the key once ReviewClosed is written.
        prepare: async (state, definition) => {
          const review = currentReview(state);
          reviewId = review?.reviewId;
          secret = review?.secretBallot === true;
          const live = liveSecretReview(state, definition);
          if (live) return { command: { type: 'closeReview', data: { revealedChoices: await this.ballots.reveal(live.reviewId, live.sealedChoices) } } };
          return { command: { type: 'closeReview', data: {} } };
        },
      });
      return { ...result, reviewId };
    } catch (error) {
      // Closing an already closed secret review (e.g. a retry after a crash before the key was
      // destroyed) must still leave no key behind.
      if (secret && reviewId !== undefined && (await this.initiatives.reviewClosed(initiativeId, reviewId))) await this.ballots.destroy(reviewId);
      throw error;
    }
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
@Idempotent()
export class BallotsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/review/ballots')
  @SecretBody()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cast a ballot: approve, reject or abstain; sealed when the review is secret (council member)' })
  @CommandResponses()
  cast(@Param('id', IdPipe) id: string, @Body() body: BallotBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new CastBallotCommand(id, body, meta));
  }

  @Post(':id/review/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the review: quorum, tally and outcome (secretary)' })
  @CommandResponses(CloseReviewResult)
  close(@Param('id', IdPipe) id: string, @Body() body: EmptyBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new CloseReviewCommand(id, body, meta));
  }
}
