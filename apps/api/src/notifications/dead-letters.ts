import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { deliveryJobOptions, notificationSettingsFromEnv, type DeadLetter, type ReplayOutcome } from '@laurel/notifications';
import { Roles } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem-details';
import { CURSOR_SYNTAX, SEQ_CURSOR } from '../http/pagination';
import { isBigintId } from '../http/request-validation';
import { NotificationStores } from './notification-stores';
import { CommandResponses, QueryResponses } from '../http/openapi';
import { DeadLetterPage, ReplayResult } from './views.dto';
import { Idempotent } from '../http/idempotency.interceptor';

export class DeadLetterQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, description: 'Page size (default 100)', example: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  @IsOptional() @Matches(CURSOR_SYNTAX, { message: 'cursor must be a nextCursor from a previous page' }) cursor?: string;
}

/** Notifications that failed every attempt: listed and replayed by administrators. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('administrator')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly stores: NotificationStores) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first' })
  @QueryResponses(DeadLetterPage)
  async list(@Query() query: DeadLetterQuery): Promise<{ items: DeadLetter[]; nextCursor: string | null }> {
    const limit = query.limit ?? 100;
    const before = query.cursor === undefined ? undefined : SEQ_CURSOR.decode(query.cursor)[0];
    const items = await this.stores.deadLetters.list(limit + 1, before);
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? SEQ_CURSOR.encode([page[page.length - 1].id]) : null };
  }

  @Idempotent()
  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the job again under its own id (channels skip what they already delivered)' })
  @CommandResponses(ReplayResult, { without: [409, 413, 422] })
  async replay(@Param('id') id: string): Promise<{ id: string; outcome: ReplayOutcome }> {
    if (!isBigintId(id)) throw new ProblemException(404, 'NOT_FOUND', `No dead letter ${id}`);
    const outcome = await this.stores.deadLetters.replay(id, this.stores.queues.delivery, deliveryJobOptions(retrySettings())).catch((error: unknown) => {
      throw new ProblemException(503, 'QUEUE_UNAVAILABLE', `The queue cannot be reached: ${(error as Error).message}`, { 'Retry-After': '30' });
    });
    if (outcome === 'not_found') throw new ProblemException(404, 'NOT_FOUND', `No dead letter ${id}`);
    return { id, outcome };
  }
}

function retrySettings() {
  try {
    return notificationSettingsFromEnv();
  } catch {
    return { attempts: 8, backoffMs: 2000 };
  }
}
