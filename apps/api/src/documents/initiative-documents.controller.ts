import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { closedReviews, grants, outcomes, type CertificateFacts, type DocumentKind } from '@laurel/documents';
import type { RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { IdPipe } from '../initiatives/support/http';
import { DocumentAccess } from './document-access';
import { DocumentFacts, notFound, type Resolved } from './document-facts';
import { DocumentRenderer, type Format } from './document-renderer';
import { ApiFile, LangQuery, OrdinalPipe } from './http';
import { QueryResponses } from '../http/openapi';
import { InitiativeDocumentsView } from './views.dto';

/*
 * The documents of one initiative, generated from its stream (docs/documents.md). Minutes, ballot
 * count records and result notices follow the dossier's read rules; an award's decision and
 * certificate are open to every signed-in user once the award is published.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('initiatives')
export class InitiativeDocumentsController {
  constructor(
    private readonly facts: DocumentFacts,
    private readonly access: DocumentAccess,
    private readonly renderer: DocumentRenderer,
  ) {}

  /** The facts, if the caller may read them; else 404 as for a dossier they may not read. */
  private async dossierDocument(kind: DocumentKind, id: string, second: string, meta: RequestMeta, publicOnceAwarded = false): Promise<Resolved> {
    const resolved = await this.facts.resolve(kind, [id, second]);
    const stream = resolved?.streams[0] ?? (await this.facts.initiative(id));
    const may = publicOnceAwarded ? await this.access.published(stream, meta.actor) : await this.access.dossier(stream, meta.actor);
    if (!may || !resolved) return notFound(`${kind} ${second} of initiative ${id}`);
    return resolved;
  }

  @Get(':id/documents')
  @ApiOperation({ summary: 'The documents this initiative has so far, with their routes (dossier readers)' })
  @QueryResponses(InitiativeDocumentsView, { problems: [404] })
  async list(@Param('id', IdPipe) id: string, @Meta() meta: RequestMeta) {
    const stream = await this.facts.initiative(id);
    if (stream.events.length === 0 || !(await this.access.dossier(stream, meta.actor))) return notFound(`Initiative ${id}`);
    const base = `/api/v1/initiatives/${encodeURIComponent(id)}`;
    const reviews = closedReviews(stream.events).map((r) => ({
      reviewId: r.reviewId,
      minutes: `${base}/reviews/${r.reviewId}/minutes.pdf`,
      ...(r.secretBallot ? { ballotCount: `${base}/reviews/${r.reviewId}/ballot-count.pdf` } : {}),
    }));
    const awards = grants(stream.events).map((g, i) => ({
      n: i + 1,
      decisionNo: g.data.decisionNo as string,
      decision: `${base}/decisions/${i + 1}.pdf`,
      certificate: `${base}/decisions/${i + 1}/certificate.pdf`,
    }));
    const notices = outcomes(stream.events).map((e, i) => ({ n: i + 1, type: e.type, notice: `${base}/notices/${i + 1}.pdf` }));
    return { initiativeId: id, reviews, awards, notices };
  }

  private async review(kind: 'minutes' | 'ballot-count', id: string, reviewId: string, q: LangQuery, meta: RequestMeta, format: Format) {
    const resolved = await this.dossierDocument(kind, id, reviewId, meta);
    return this.renderer.document(resolved, q.lang ?? 'vi', format, `${kind}-${id}-${reviewId}`);
  }

  @Get(':id/reviews/:reviewId/minutes.pdf')
  @ApiOperation({ summary: 'Council meeting minutes of a closed review (PDF): attendance, recusals, scores per criterion, the rule applied, the tally' })
  @ApiFile('pdf', 'The minutes')
  minutesPdf(@Param('id', IdPipe) id: string, @Param('reviewId', IdPipe) reviewId: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.review('minutes', id, reviewId, q, meta, 'pdf');
  }

  @Get(':id/reviews/:reviewId/minutes.docx')
  @ApiOperation({ summary: 'Council meeting minutes of a closed review (DOCX, to edit and sign)' })
  @ApiFile('docx', 'The minutes')
  minutesDocx(@Param('id', IdPipe) id: string, @Param('reviewId', IdPipe) reviewId: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.review('minutes', id, reviewId, q, meta, 'docx');
  }

  @Get(':id/reviews/:reviewId/ballot-count.pdf')
  @ApiOperation({ summary: 'Ballot count record of a closed secret review (PDF): counts only, no voter' })
  @ApiFile('pdf', 'The ballot count record')
  ballotCountPdf(@Param('id', IdPipe) id: string, @Param('reviewId', IdPipe) reviewId: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.review('ballot-count', id, reviewId, q, meta, 'pdf');
  }

  @Get(':id/reviews/:reviewId/ballot-count.docx')
  @ApiOperation({ summary: 'Ballot count record of a closed secret review (DOCX)' })
  @ApiFile('docx', 'The ballot count record')
  ballotCountDocx(@Param('id', IdPipe) id: string, @Param('reviewId', IdPipe) reviewId: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.review('ballot-count', id, reviewId, q, meta, 'docx');
  }

  /** The award decision the initiative's n-th award was granted under, with its whole attached list. */
  private async decision(id: string, n: number, q: LangQuery, meta: RequestMeta, format: Format) {
    const award = await this.dossierDocument('certificate', id, String(n), meta, true);
    const decisionNo = (award.facts as unknown as CertificateFacts).award.decisionNo;
    const resolved = await this.facts.resolve('decision', [decisionNo]);
    if (!resolved || !(await this.access.allPublished(resolved.streams, meta.actor))) return notFound(`Decision ${decisionNo}`);
    return this.renderer.document(resolved, q.lang ?? 'vi', format, `decision-${decisionNo}`);
  }

  @Get(':id/decisions/:n.pdf')
  @ApiOperation({ summary: "The award decision of the initiative's n-th award, with its attached list of every initiative granted under that number (PDF)" })
  @ApiFile('pdf', 'The award decision')
  decisionPdf(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.decision(id, n, q, meta, 'pdf');
  }

  @Get(':id/decisions/:n.docx')
  @ApiOperation({ summary: "The award decision of the initiative's n-th award (DOCX)" })
  @ApiFile('docx', 'The award decision')
  decisionDocx(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.decision(id, n, q, meta, 'docx');
  }

  private async certificate(id: string, n: number, q: LangQuery, meta: RequestMeta, format: Format) {
    const resolved = await this.dossierDocument('certificate', id, String(n), meta, true);
    return this.renderer.certificate(resolved.facts as unknown as CertificateFacts, q.lang ?? 'vi', format, `certificate-${id}-${n}`);
  }

  @Get(':id/decisions/:n/certificate.pdf')
  @ApiOperation({ summary: "The certificate (giấy khen / bằng khen) of the initiative's n-th award (PDF)" })
  @ApiFile('pdf', 'The certificate')
  certificatePdf(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.certificate(id, n, q, meta, 'pdf');
  }

  @Get(':id/decisions/:n/certificate.docx')
  @ApiOperation({ summary: "The certificate of the initiative's n-th award (DOCX)" })
  @ApiFile('docx', 'The certificate')
  certificateDocx(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.certificate(id, n, q, meta, 'docx');
  }

  private async notice(id: string, n: number, q: LangQuery, meta: RequestMeta, format: Format) {
    const resolved = await this.dossierDocument('result-notice', id, String(n), meta);
    return this.renderer.document(resolved, q.lang ?? 'vi', format, `notice-${id}-${n}`);
  }

  @Get(':id/notices/:n.pdf')
  @ApiOperation({ summary: 'The result notice to the nominating unit of the n-th outcome: returned, not recommended, awarded, declined, revoked (PDF)' })
  @ApiFile('pdf', 'The result notice')
  noticePdf(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.notice(id, n, q, meta, 'pdf');
  }

  @Get(':id/notices/:n.docx')
  @ApiOperation({ summary: 'The result notice of the n-th outcome (DOCX)' })
  @ApiFile('docx', 'The result notice')
  noticeDocx(@Param('id', IdPipe) id: string, @Param('n', OrdinalPipe) n: number, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.notice(id, n, q, meta, 'docx');
  }
}
