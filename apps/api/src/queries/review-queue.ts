import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import type { RequestMeta } from '@laurel/application';
import { reviewQueue, reviewQueueProjection, type Page, type QueuedReview } from '@laurel/read-models';
import { Meta } from '../http/request-meta.decorator';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';

export class MyReviews extends CqrsQuery<Page<QueuedReview>> {
  constructor(
    readonly memberId: string,
    readonly params: ReadQuery,
  ) {
    super();
  }
}

@QueryHandler(MyReviews)
export class MyReviewsHandler implements IQueryHandler<MyReviews, Page<QueuedReview>> {
  constructor(
    private readonly pool: Pool,
    private readonly gate: ReadModelGate,
  ) {}

  async execute({ memberId, params }: MyReviews): Promise<Page<QueuedReview>> {
    await this.gate.ready([reviewQueueProjection], params.minPosition);
    return this.gate.page(() => reviewQueue(this.pool, memberId, pageRequest(params)));
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('me')
export class ReviewQueueController {
  constructor(private readonly queries: QueryBus) {}

  @Get('reviews')
  @ApiOperation({ summary: "The caller's review queue: open reviews, what they still owe (scores, ballot), deadlines" })
  reviews(@Query() params: ReadQuery, @Meta() meta: RequestMeta): Promise<Page<QueuedReview>> {
    return this.queries.execute(new MyReviews(meta.actor.userId, params));
  }
}
