import type { Anchor } from '../facts/log';
import type { Block, DocumentModel } from '../model';
import type { Names } from '../names';
import { numberLine, placeDate, verificationOf, type Issue } from './common';

/** A movement's preliminary or final summary, as its SummaryRecorded event froze it. */
export interface MovementSummaryFacts {
  movementId: string;
  title: string;
  organizerUnitId: string;
  kind: 'preliminary' | 'final';
  note?: string;
  statistics: { initiatives?: number; byStatus?: Record<string, number>; byField?: Record<string, number>; [key: string]: unknown };
  recordedAt: string;
  anchor: Anchor;
}

const countTable = (title: string, counts: Record<string, number> | undefined, key: string, value: string, label: (k: string) => string = (k) => k): Block[] =>
  counts && Object.keys(counts).length > 0
    ? [{ type: 'table', title, columns: [key, value], widths: [3, 1], rows: Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => [label(k), n]) }]
    : [];

export const movementSummaryModel = (facts: MovementSummaryFacts, names: Names, issue: Issue): DocumentModel => {
  const t = issue.template;
  const S = t.movementSummary;
  const st = facts.statistics;
  const vi = t.lang === 'vi';
  return {
    kind: 'movement-summary',
    lang: t.lang,
    motto: t.motto,
    header: { issuer: names.unit(facts.organizerUnitId).toUpperCase(), number: numberLine(t, vi ? '…/BC' : '…/REP'), placeDate: placeDate(t, facts.recordedAt) },
    title: S.title[facts.kind],
    subject: facts.title,
    blocks: [
      ...(facts.note ? [{ type: 'p' as const, text: `${S.note}: ${facts.note}` }] : []),
      { type: 'p', bold: true, text: `${S.total}: ${st.initiatives ?? 0}` },
      ...countTable(vi ? 'Theo trạng thái' : 'By status', st.byStatus, S.key, S.value),
      ...countTable(vi ? 'Theo lĩnh vực' : 'By field', st.byField, S.key, S.value, (k) => t.fields[k] ?? k),
    ],
    signatures: [{ title: S.signer }],
    verification: verificationOf(issue, 'movement-summary', [facts.movementId, facts.kind], facts),
  };
};
