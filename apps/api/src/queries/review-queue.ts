import { Controller, Get, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Pool } from 'pg';
import type { RequestMeta } from '@laurel/application';
import type { CouncilState } from '@laurel/domain';
import { ReferenceReader } from '../reference/reference-reader';
import { referenceProjection, reviewQueue, reviewQueueProjection, type Page, type QueuedReview } from '@laurel/read-models';
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
  constructor(
    private readonly pool: Pool,
    private readonly gate: ReadModelGate,
    private readonly reference: ReferenceReader,
  ) {}

  /** Reviews the user sits on, and those of councils where they are secretary (to manage, not to vote). */
  async execute({ memberId, params }: MyReviews): Promise<Page<QueuedReview>> {
    await this.gate.ready([reviewQueueProjection, referenceProjection], params.minPosition);
    const councils = await this.reference.all<CouncilState>('council');
    const secretaryOf = councils.flatMap((c) => (c.status === 'active' && c.members.some((m) => m.userId === memberId && m.role === 'secretary') ? [c.councilId] : []));
    return this.gate.page(() => reviewQueue(this.pool, memberId, pageRequest(params), new Date(), undefined, secretaryOf, { owes: params.owes, secretBallot: params.secretBallot }));
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
