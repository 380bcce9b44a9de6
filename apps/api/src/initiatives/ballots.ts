import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CHOICES, DomainErrorCode, currentReview, isDomainError, type Choice, type Initiative } from '@laurel/domain';
import { BallotBox, type CommandResult, type RequestMeta } from '@laurel/application';
import { SecretBody } from '../http/idempotency-fingerprint';
import { Meta } from '../http/request-meta.decorator';
import { EmptyBody, IdPipe, InitiativeCommandMessage } from './support/http';
import { InitiativeRunner } from './support/initiative-runner';

/*
 * Secret ballots (libs/domain/README.md, "Secret ballot: the contract with the app layer").
 * The plain choice of a secret ballot exists only in this process, in the handler's closure, for
 * the time it takes to seal it: it is never put in an event, a response, a log line or an error.
 * The log receives only `sealedChoice` (AES-256-GCM under the review's key, random IV and salt).
 * At close the sealed choices are opened and sorted — no order, no voter link — and only the
 * tally is recorded; the key is then destroyed, after which nothing maps a member to a choice.
 */

export class BallotBody {
  @ApiProperty({ enum: CHOICES, description: "The member's vote; sealed at once when the review is secret", example: 'approve' })
  @IsIn(CHOICES) choice!: Choice;
}

/** The review whose secret ballots this state holds, if the current review is secret. */
const secretReview = (state: Initiative) => {
  const review = currentReview(state);
  return review?.secretBallot ? review : undefined;
};

export class CastBallotCommand extends InitiativeCommandMessage<BallotBody> {}

@CommandHandler(CastBallotCommand)
export class CastBallotHandler implements ICommandHandler<CastBallotCommand, CommandResult> {
  constructor(
    private readonly initiatives: InitiativeRunner,
    private readonly ballots: BallotBox,
  ) {}

  async execute({ initiativeId, body, meta }: CastBallotCommand): Promise<CommandResult> {
    const { choice } = body;
    let sealedFor: string | undefined;
    try {
      return await this.initiatives.run({
        initiativeId,
        meta,
        type: 'castBallot',
        // Sealed on every attempt for the review the state shows open, so a ballot can only ever
        // be sealed with the key of the review it is recorded in.
        prepare: async (state) => {
          const review = secretReview(state);
          if (review?.status === 'open') {
            sealedFor = review.reviewId;
            return { command: { type: 'castBallot', data: { sealedChoice: await this.ballots.seal(review.reviewId, choice) } } };
          }
          // Not secret (or closed: the engine refuses it as REVIEW_CLOSED before reading any choice).
          return { command: { type: 'castBallot', data: review ? {} : { choice } } };
        },
      });
    } catch (error) {
      // A ballot racing the close may have re-created the destroyed key while sealing; drop it.
      if (sealedFor !== undefined && isDomainError(error) && error.code === DomainErrorCode.REVIEW_CLOSED && (await this.initiatives.reviewClosed(initiativeId, sealedFor))) await this.ballots.destroy(sealedFor);
      throw error;
    }
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
        // a ballot that lands first is counted, the count always matches the voters.
        prepare: async (state) => {
          const review = currentReview(state);
          reviewId = review?.reviewId;
          secret = review?.secretBallot === true;
          if (review?.status === 'open' && review.secretBallot) {
            const revealedChoices = await this.ballots.reveal(review.reviewId, review.sealedChoices);
            return { command: { type: 'closeReview', data: { revealedChoices } } };
          }
          return { command: { type: 'closeReview', data: {} } };
        },
      });
      if (secret && reviewId !== undefined) await this.ballots.destroy(reviewId);
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
export class BallotsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/review/ballots')
  @SecretBody()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cast a ballot: approve, reject or abstain; sealed when the review is secret (council member)' })
  cast(@Param('id', IdPipe) id: string, @Body() body: BallotBody, @Meta() meta: RequestMeta): Promise<CommandResult> {
    return this.commands.execute(new CastBallotCommand(id, body, meta));
  }

  @Post(':id/review/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the review: quorum, tally and outcome (secretary)' })
  close(@Param('id', IdPipe) id: string, @Body() body: EmptyBody, @Meta() meta: RequestMeta) {
    return this.commands.execute(new CloseReviewCommand(id, body, meta));
  }
}
