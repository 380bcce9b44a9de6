import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { certificateFacts, type CertificateFacts, type DecisionFacts } from '@laurel/documents';
import type { RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { IdPipe } from '../initiatives/support/http';
import { DocumentAccess } from './document-access';
import { DocumentFacts, notFound } from './document-facts';
import { DocumentRenderer, type Format } from './document-renderer';
import { ApiFile, DecisionNoPipe, LangQuery, SessionPipe } from './http';

const DECISION_NO = { name: 'decisionNo', description: 'The decision number, URL-encoded ("/" as %2F), e.g. 12%2FQĐ-UBND', example: '12%2FQ%C4%90-UBND' };

/** Documents spanning initiatives: an award decision by number, and a council's submission of a session. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DecisionDocumentsController {
  constructor(
    private readonly facts: DocumentFacts,
    private readonly access: DocumentAccess,
    private readonly renderer: DocumentRenderer,
  ) {}

  private async decision(decisionNo: string, meta: RequestMeta) {
    const resolved = await this.facts.resolve('decision', [decisionNo]);
    if (!resolved || !(await this.access.allPublished(resolved.streams, meta.actor))) return notFound(`Decision ${decisionNo}`);
    return resolved;
  }

  private async decisionFile(decisionNo: string, q: LangQuery, meta: RequestMeta, format: Format) {
    return this.renderer.document(await this.decision(decisionNo, meta), q.lang ?? 'vi', format, `decision-${decisionNo}`);
  }

  @Get('decisions/:decisionNo.pdf')
  @ApiParam(DECISION_NO)
  @ApiOperation({ summary: 'An award decision with its attached list of every initiative granted under this number (PDF; public once every award on it is published)' })
  @ApiFile('pdf', 'The award decision')
  decisionPdf(@Param('decisionNo', DecisionNoPipe) decisionNo: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.decisionFile(decisionNo, q, meta, 'pdf');
  }

  @Get('decisions/:decisionNo.docx')
  @ApiParam(DECISION_NO)
  @ApiOperation({ summary: 'An award decision with its attached list (DOCX)' })
  @ApiFile('docx', 'The award decision')
  decisionDocx(@Param('decisionNo', DecisionNoPipe) decisionNo: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.decisionFile(decisionNo, q, meta, 'docx');
  }

  @Get('decisions/:decisionNo/certificates.pdf')
  @ApiParam(DECISION_NO)
  @ApiOperation({ summary: 'Every certificate of a decision in one PDF for printing, one landscape page each, streamed as drawn' })
  @ApiFile('pdf', 'The certificates')
  async certificates(@Param('decisionNo', DecisionNoPipe) decisionNo: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    const resolved = await this.decision(decisionNo, meta);
    const order = (resolved.facts as unknown as DecisionFacts).recipients.map((r) => r.initiative.initiativeId);
    const byId = new Map(resolved.streams.map((s) => [s.initiativeId, s]));
    const all: CertificateFacts[] = [];
    for (const id of [...new Set(order)]) {
      const stream = byId.get(id);
      if (!stream) continue;
      // Each award of this initiative under this number: its own certificate.
      stream.events.filter((e) => e.type === 'AwardGranted').forEach((e, i) => {
        if (e.data.decisionNo === decisionNo) all.push(certificateFacts(id, stream.events, i + 1) as CertificateFacts);
      });
    }
    return this.renderer.certificates(all, q.lang ?? 'vi', `certificates-${decisionNo}`);
  }

  private async submission(councilId: string, session: string, q: LangQuery, meta: RequestMeta, format: Format) {
    const resolved = (await this.access.council(councilId, meta.actor)) ? await this.facts.resolve('submission', [councilId, session]) : undefined;
    if (!resolved) return notFound(`Submission of council ${councilId} for ${session}`);
    return this.renderer.document(resolved, q.lang ?? 'vi', format, `submission-${councilId}-${session}`);
  }

  @Get('councils/:id/submissions/:session.pdf')
  @ApiParam({ name: 'session', description: 'The day (Vietnam time) the council closed the reviews: YYYY-MM-DD', example: '2025-06-02' })
  @ApiOperation({ summary: "A council's submission (tờ trình) to the decision authority: the nominees it recommended that day, their tallies and the consultation's outcome (PDF)" })
  @ApiFile('pdf', 'The submission')
  submissionPdf(@Param('id', IdPipe) id: string, @Param('session', SessionPipe) session: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.submission(id, session, q, meta, 'pdf');
  }

  @Get('councils/:id/submissions/:session.docx')
  @ApiParam({ name: 'session', description: 'The day (Vietnam time) the council closed the reviews: YYYY-MM-DD', example: '2025-06-02' })
  @ApiOperation({ summary: "A council's submission to the decision authority (DOCX)" })
  @ApiFile('docx', 'The submission')
  submissionDocx(@Param('id', IdPipe) id: string, @Param('session', SessionPipe) session: string, @Query() q: LangQuery, @Meta() meta: RequestMeta) {
    return this.submission(id, session, q, meta, 'docx');
  }
}
