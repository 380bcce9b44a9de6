import { Controller, Get, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { RequestMeta } from '@laurel/application';
import type { CouncilState } from '@laurel/domain';
import { referenceProjection, referenceStates, reviewQueue, reviewQueueProjection, type Page, type QueuedReview } from '@laurel/read-models';
import { Meta } from '../http/request-meta.decorator';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { ReviewQueuePage } from './views.dto';
import { SharedQueries } from './shared-queries';

export class MyReviewsParams extends ReadQuery {
  @ApiPropertyOptional({ enum: ['scores', 'ballot', 'nothing'], description: 'Only reviews where the caller still owes scores, a ballot, or nothing (done, or managing as secretary)', example: 'ballot' })
  @IsOptional() @IsIn(['scores', 'ballot', 'nothing']) owes?: 'scores' | 'ballot' | 'nothing';
  @ApiPropertyOptional({ type: Boolean, description: 'Only secret-ballot reviews (true) or open-ballot ones (false)', example: true })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() secretBallot?: boolean;
}

export class MyReviews extends CqrsQuery<Page<QueuedReview>> {
  constructor(
    readonly memberId: string,
    readonly params: MyReviewsParams,
  ) {
    super();
  }
}

@QueryHandler(MyReviews)
export class MyReviewsHandler implements IQueryHandler<MyReviews, Page<QueuedReview>> {
  constructor(private readonly gate: ReadModelGate) {}

  /** Reviews the user sits on, and those of councils where they are secretary (to manage, not to vote). */
  execute({ memberId, params }: MyReviews): Promise<Page<QueuedReview>> {
    return this.gate.read([reviewQueueProjection, referenceProjection], params.minPosition, async (db) => {
      const councils = await referenceStates<CouncilState>(db, 'council');
      const secretaryOf = councils.flatMap((c) => (c.status === 'active' && c.members.some((m) => m.userId === memberId && m.role === 'secretary') ? [c.councilId] : []));
      return reviewQueue(db, memberId, pageRequest(params), new Date(), undefined, secretaryOf, { owes: params.owes, secretBallot: params.secretBallot });
    });
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('me')
export class ReviewQueueController {
  constructor(private readonly queries: SharedQueries) {}

  @Get('reviews')
  @ApiOperation({ summary: "The caller's review queue: open reviews they sit on and what they still owe (scores, ballot), and as a council's secretary the reviews to manage (role secretary, owing nothing); earliest deadline (so overdue) first; ?owes= and ?secretBallot= narrow it" })
  @QueryResponses(ReviewQueuePage)
  reviews(@Query() params: MyReviewsParams, @Meta() meta: RequestMeta): Promise<Page<QueuedReview>> {
    return this.queries.execute(new MyReviews(meta.actor.userId, params));
  }
}
