import { Injectable, StreamableFile } from '@nestjs/common';
import { LaurelConfig } from '@laurel/infra';
import {
  TEMPLATES,
  ballotCountModel,
  certificateDocx,
  certificateModel,
  certificatePdf,
  decisionModel,
  documentDocx,
  documentPdf,
  drawCertificate,
  minutesModel,
  movementSummaryModel,
  newPdf,
  resultNoticeModel,
  submissionModel,
  type BallotCountFacts,
  type CertificateFacts,
  type DecisionFacts,
  type AwardIssuer,
  type DocumentModel,
  type Names,
  type Issue,
  type Language,
  type MinutesFacts,
  type MovementSummaryFacts,
  type ResultNoticeFacts,
  type SubmissionFacts,
} from '@laurel/documents';
import { DocumentAccess } from './document-access';
import type { Resolved } from './document-facts';

export type Format = 'pdf' | 'docx';
const TYPES: Record<Format, string> = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

/** A file answer: its type, and a download name without characters a header cannot carry. */
export const fileOf = (bytes: Buffer | NodeJS.ReadableStream, format: Format | 'xlsx' | 'csv', name: string): StreamableFile => {
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : format === 'csv' ? 'text/csv; charset=utf-8' : TYPES[format];
  const safe = name.normalize('NFD').replace(/[^\w.-]+/g, '_');
  return new StreamableFile(bytes as Buffer, { type, disposition: `inline; filename="${safe}.${format}"` });
};

/** Turns resolved facts into a PDF or DOCX: names from the reference data, words from the template. */
@Injectable()
export class DocumentRenderer {
  constructor(
    private readonly access: DocumentAccess,
    private readonly config: LaurelConfig,
  ) {}

  issue(lang: Language): Issue {
    return { verifyUrl: `${this.config.DOCUMENTS_PUBLIC_URL.replace(/\/+$/, '')}/api/v1/public/verify`, template: TEMPLATES[lang] };
  }

  async model(resolved: Resolved, lang: Language): Promise<DocumentModel> {
    const issue = this.issue(lang);
    const f = resolved.facts as unknown;
    switch (resolved.kind) {
      case 'minutes': {
        const m = f as MinutesFacts;
        const names = await this.access.names({ units: [m.initiative.unitId], users: m.panel, councils: [m.councilId] });
        return minutesModel(m, names, issue);
      }
      case 'ballot-count': {
        const b = f as BallotCountFacts;
        return ballotCountModel(b, await this.access.names({ units: [b.initiative.unitId], councils: [b.councilId] }), issue);
      }
      case 'decision': {
        const d = f as DecisionFacts;
        const first = d.recipients[0].initiative;
        const issuer = await this.access.issuerOf(first.councilId, first.unitId);
        return decisionModel(d, await this.access.names({ units: d.recipients.map((r) => r.initiative.unitId) }), issue, issuer);
      }
      case 'result-notice': {
        const r = f as ResultNoticeFacts;
        const issuer = await this.access.issuerOf(r.initiative.councilId, r.initiative.unitId);
        return resultNoticeModel(r, await this.access.names({ units: [r.initiative.unitId] }), issue, issuer);
      }
      case 'submission': {
        const s = f as SubmissionFacts;
        const names = await this.access.names({ units: s.entries.map((e) => e.initiative.unitId), councils: [s.councilId] });
        const issuer = await this.access.issuerOf(s.councilId, s.entries[0].initiative.unitId);
        const authority = `${lang === 'vi' ? 'Chủ tịch' : 'the Chair of'} ${issuer.issuer}`;
        return submissionModel(s, names, issue, authority);
      }
      case 'movement-summary': {
        const s = f as MovementSummaryFacts;
        return movementSummaryModel(s, await this.access.names({ units: [s.organizerUnitId] }), issue);
      }
      case 'certificate':
        throw new Error('certificates have their own layout: use certificate()');
    }
  }

  async document(resolved: Resolved, lang: Language, format: Format, name: string): Promise<StreamableFile> {
    const model = await this.model(resolved, lang);
    return fileOf(format === 'pdf' ? await documentPdf(model) : await documentDocx(model), format, name);
  }

  private async certificateModel(facts: CertificateFacts, lang: Language, names?: Names, issuers?: Map<string, Promise<AwardIssuer>>) {
    const councilId = facts.award.councilId ?? facts.initiative.councilId;
    const key = `${councilId ?? ''}|${councilId ? '' : facts.initiative.unitId}`;
    let issuer = issuers?.get(key);
    if (!issuer) {
      issuer = this.access.issuerOf(councilId, facts.initiative.unitId);
      issuers?.set(key, issuer);
    }
    return certificateModel(facts, names ?? (await this.access.names({ units: [facts.initiative.unitId] })), this.issue(lang), await issuer);
  }

  async certificate(facts: CertificateFacts, lang: Language, format: Format, name: string): Promise<StreamableFile> {
    const model = await this.certificateModel(facts, lang);
    return fileOf(format === 'pdf' ? await certificatePdf(model) : await certificateDocx(model), format, name);
  }

  /**
   * Every certificate of a decision in one PDF, streamed: the facts are read first (so a bad
   * number is a 404, not a broken download), then each page is drawn and sent as it is ready.
   */
  async certificates(all: CertificateFacts[], lang: Language, name: string): Promise<StreamableFile> {
    // One look-up of the names and of each issuing body for the whole batch.
    const names = await this.access.names({ units: all.map((f) => f.initiative.unitId) });
    const issuers = new Map<string, Promise<AwardIssuer>>();
    const models = await Promise.all(all.map((f) => this.certificateModel(f, lang, names, issuers)));
    const doc = newPdf('landscape', { Title: name });
    const draw = (i: number) => {
      if (i >= models.length) return void doc.end();
      drawCertificate(doc, models[i]);
      setImmediate(() => draw(i + 1));
    };
    setImmediate(() => draw(0));
    return fileOf(doc, 'pdf', name);
  }
}
