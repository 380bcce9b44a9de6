import { shortDate } from '../dates';
import type { CertificateFacts, DecisionFacts, ResultNoticeFacts } from '../facts/award';
import type { SubmissionFacts } from '../facts/submission';
import type { CertificateModel, DocumentModel } from '../model';
import type { Names } from '../names';
import { awardWording, fill } from '../templates';
import { numberLine, placeDate, verificationOf, type Issue } from './common';

/** The issuing body of an award: the council's unit when known, else the nominating unit. */
export interface AwardIssuer {
  issuer: string;
  parent?: string;
}

export const decisionModel = (facts: DecisionFacts, names: Names, issue: Issue, issuer: AwardIssuer): DocumentModel => {
  const t = issue.template;
  const wording = awardWording(t, facts.awardForm, facts.level);
  const values = { award: wording.name, count: facts.recipients.length, decisionNo: facts.decisionNo, date: shortDate(facts.decidedOn) };
  return {
    kind: 'decision',
    lang: t.lang,
    motto: t.motto,
    header: { ...(issuer.parent ? { parent: issuer.parent.toUpperCase() } : {}), issuer: issuer.issuer.toUpperCase(), number: numberLine(t, facts.decisionNo), placeDate: placeDate(t, facts.decidedOn) },
    title: t.decision.title,
    subject: fill(t.decision.subject, values),
    blocks: [
      ...t.decision.articles.map((a) => ({ type: 'p' as const, text: fill(a, values) })),
    ],
    annex: [
      {
        type: 'table',
        title: fill(t.decision.listTitle, values),
        columns: t.decision.columns,
        widths: [0.6, 4, 2.4, 2.4],
        rows: facts.recipients.map((r, i) => [i + 1, r.initiative.title, r.initiative.authors.join(', '), names.unit(r.initiative.unitId)]),
      },
    ],
    recipients: { label: t.recipientsLabel, lines: [t.lang === 'vi' ? 'Như Điều 3;' : 'As in Article 3;', ...t.recipientsDefault.slice(1)] },
    signatures: [{ title: wording.signerTitle, name: facts.signedBy }],
    verification: verificationOf(issue, 'decision', [facts.decisionNo], facts),
  };
};

export const certificateModel = (facts: CertificateFacts, names: Names, issue: Issue, issuer: AwardIssuer): CertificateModel => {
  const t = issue.template;
  const wording = awardWording(t, facts.award.awardForm, facts.award.level);
  return {
    lang: t.lang,
    motto: t.motto,
    issuer: `${wording.signerTitle} ${issuer.issuer}`.toUpperCase(),
    signerTitle: wording.signerTitle,
    signerName: facts.award.signedBy,
    title: wording.certificateTitle,
    presentedTo: t.certificate.presentedTo,
    recipient: names.unit(facts.initiative.unitId),
    ...(facts.initiative.authors.length > 0 ? { authors: `${t.certificate.authors}: ${facts.initiative.authors.join(', ')}` } : {}),
    forInitiative: t.certificate.forInitiative,
    citation: fill(wording.citation, { title: facts.initiative.title }),
    decisionRef: fill(t.certificate.decisionRef, { decisionNo: facts.award.decisionNo, date: shortDate(facts.award.decidedOn) }),
    placeDate: placeDate(t, facts.award.decidedOn),
    verification: verificationOf(issue, 'certificate', [facts.initiative.initiativeId, String(facts.n)], facts),
  };
};

export const resultNoticeModel = (facts: ResultNoticeFacts, names: Names, issue: Issue, issuer: AwardIssuer): DocumentModel => {
  const t = issue.template;
  const award = facts.awardForm ? awardWording(t, facts.awardForm, facts.level ?? '*').name : undefined;
  const values = { title: facts.initiative.title, unit: names.unit(facts.initiative.unitId), award, decisionNo: facts.decisionNo, reason: facts.reason, legalBasis: facts.legalBasis };
  return {
    kind: 'result-notice',
    lang: t.lang,
    motto: t.motto,
    header: { ...(issuer.parent ? { parent: issuer.parent.toUpperCase() } : {}), issuer: issuer.issuer.toUpperCase(), number: numberLine(t, `…/${t.resultNotice.symbol}`), placeDate: placeDate(t, facts.on) },
    title: t.resultNotice.title,
    subject: t.resultNotice.subject,
    blocks: [
      { type: 'p', text: `${t.lang === 'vi' ? 'Kính gửi' : 'To'}: ${names.unit(facts.initiative.unitId)}`, bold: true },
      { type: 'p', text: fill(t.resultNotice.body[facts.outcome] ?? facts.outcome, values) },
      ...(facts.reason ? [{ type: 'p' as const, text: fill(t.resultNotice.reason, values) }] : []),
      ...(facts.legalBasis ? [{ type: 'p' as const, text: fill(t.resultNotice.legalBasis, values) }] : []),
      { type: 'p', bold: true, text: t.outcomes[facts.outcome] ?? facts.outcome },
    ],
    recipients: { label: t.recipientsLabel, lines: [names.unit(facts.initiative.unitId) + ';', ...t.recipientsDefault.slice(1)] },
    signatures: [{ title: t.resultNotice.signer }],
    verification: verificationOf(issue, 'result-notice', [facts.initiative.initiativeId, String(facts.n)], facts),
  };
};

export const submissionModel = (facts: SubmissionFacts, names: Names, issue: Issue, authority: string): DocumentModel => {
  const t = issue.template;
  const S = t.submission;
  const [y, m, d] = facts.session.split('-');
  const session = t.lang === 'vi' ? `${d}/${m}/${y}` : facts.session;
  return {
    kind: 'submission',
    lang: t.lang,
    motto: t.motto,
    header: { issuer: names.council(facts.councilId).toUpperCase(), number: numberLine(t, `…/${S.symbol}`), placeDate: placeDate(t, facts.session) },
    title: S.title,
    subject: fill(S.subject, { session }),
    blocks: [
      { type: 'p', text: fill(S.intro, { council: names.council(facts.councilId), authority, count: facts.entries.length }) },
      {
        type: 'table',
        columns: S.columns,
        widths: [0.6, 3.4, 2.2, 1.3, 1.3, 2.4],
        rows: facts.entries.map((e, i) => [
          i + 1,
          e.initiative.title,
          names.unit(e.initiative.unitId),
          `${e.tally.approve}/${e.tally.eligible}`,
          `${e.tally.reject}/${e.tally.abstain}`,
          fill(S.consultation[e.consultation.status], { ...e.consultation }),
        ]),
      },
      { type: 'p', text: S.closing },
    ],
    recipients: { label: t.recipientsLabel, lines: [authority + ';', ...t.recipientsDefault.slice(1)] },
    signatures: [{ title: S.signer }],
    verification: verificationOf(issue, 'submission', [facts.councilId, facts.session], facts),
  };
};
