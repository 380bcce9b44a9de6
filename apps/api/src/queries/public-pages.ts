import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { initiativesProjection, openConsultations, publishedInitiative, publishedInitiatives } from '@laurel/read-models';
import { ProblemException } from '../http/problem-details';
import { IdPipe } from '../initiatives/support/http';
import { Public } from '../auth/auth.decorators';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { PublicConsultationPage, PublicInitiativePage, PublicInitiativeView } from './views.dto';
import { SharedQueries } from './shared-queries';

/** One page, not a list: only `minPosition` (a cursor or a page size is refused, as on every detail route). */
export class PublicPageParams {
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: the query waits (bounded, then 503) until its read model has reached it' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export class PublicInitiativesParams extends ReadQuery {
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @ApiPropertyOptional({ type: String, example: 'economy' })
  @IsOptional() @IsString() @Length(1, 100) field?: string;
  @ApiPropertyOptional({ type: String, description: "The initiative's level", example: 'province' })
  @IsOptional() @IsString() @Length(1, 50) level?: string;
  @ApiPropertyOptional({ type: String, description: 'Words of the title or summary, each matched as part of a word; case and Vietnamese diacritics are ignored (`nuoc sach` finds "Nước sạch")', example: 'nuoc sach' })
  @IsOptional() @IsString() @Length(1, 200) q?: string;
}

export class ReadPublicPage extends CqrsQuery<unknown> {
  constructor(readonly request: { page: 'initiatives'; params: PublicInitiativesParams } | { page: 'consultations'; params: ReadQuery } | { page: 'initiative'; initiativeId: string; params: PublicPageParams }) {
    super();
  }
}

@QueryHandler(ReadPublicPage)
export class ReadPublicPageHandler implements IQueryHandler<ReadPublicPage, unknown> {
  constructor(private readonly gate: ReadModelGate) {}

  execute({ request }: ReadPublicPage): Promise<unknown> {
    return this.gate.read([initiativesProjection], request.params.minPosition, async (db) => {
      if (request.page === 'consultations') return openConsultations(db, pageRequest(request.params));
      if (request.page === 'initiative') {
        const found = await publishedInitiative(db, request.initiativeId);
        if (!found) throw new ProblemException(404, 'NOT_FOUND', `No published initiative ${request.initiativeId}`);
        return found;
      }
      const { movementId, field, level, q } = request.params;
      return publishedInitiatives(db, { movementId, field, level, q }, pageRequest(request.params));
    });
  }
}

/** "People know, people inspect": what anyone may read without signing in. Authors by name only. */
@ApiTags('public')
@Controller('public')
export class PublicPagesController {
  constructor(private readonly queries: SharedQueries) {}

  @Get('initiatives')
  @Public()
  @ApiOperation({ summary: 'Published initiatives, newest first, searchable by words ignoring case and diacritics (no sign-in; no personal data beyond author names)' })
  @QueryResponses(PublicInitiativePage, { public: true })
  initiatives(@Query() params: PublicInitiativesParams) {
    return this.queries.execute(new ReadPublicPage({ page: 'initiatives', params }));
  }

  @Get('initiatives/:id')
  @Public()
  @ApiOperation({ summary: "A published initiative's public page (no sign-in; authors by name only)" })
  @QueryResponses(PublicInitiativeView, { public: true, problems: [404] })
  initiative(@Param('id', IdPipe) id: string, @Query() params: PublicPageParams) {
    return this.queries.execute(new ReadPublicPage({ page: 'initiative', initiativeId: id, params }));
  }

  @Get('consultations')
  @Public()
  @ApiOperation({ summary: 'Consultations open for objections, with their closing time (no sign-in)' })
  @QueryResponses(PublicConsultationPage, { public: true })
  consultations(@Query() params: ReadQuery) {
    return this.queries.execute(new ReadPublicPage({ page: 'consultations', params }));
  }
}
