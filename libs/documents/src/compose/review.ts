import { dateTime } from '../dates';
import type { BallotCountFacts, MinutesFacts } from '../facts/review';
import type { Block, DocumentModel } from '../model';
import type { Names } from '../names';
import { fill } from '../templates';
import { numberLine, placeDate, verificationOf, type Issue } from './common';

const fraction = (f: string) => f;

export const minutesModel = (facts: MinutesFacts, names: Names, issue: Issue): DocumentModel => {
  const t = issue.template;
  const L = t.minutes.labels;
  const list = (ids: string[]) => (ids.length === 0 ? L.none : ids.map(names.user).join('; '));
  const recused = facts.recused.length === 0 ? L.none : facts.recused.map((r) => `${names.user(r.memberId)} (${t.recusalReasons[r.reason] ?? r.reason}${r.note ? `: ${r.note}` : ''})`).join('; ');
  const rule = facts.rule;
  const tally = facts.tally;
  const R = t.minutes.tallyRows;
  const blocks: Block[] = [
    {
      type: 'fields',
      rows: [
        [L.council, names.council(facts.councilId)],
        [L.level, t.levels[facts.level] ?? facts.level],
        [L.initiative, facts.initiative.title],
        [L.unit, names.unit(facts.initiative.unitId)],
        [L.cycle, String(facts.cycle)],
        [L.opened, dateTime(facts.openedAt)],
        [L.closed, dateTime(facts.closedAt)],
        [L.ballot, facts.secretBallot ? L.secret : L.open],
        [L.present, list(facts.present)],
        [L.recused, recused],
        [L.absent, list(facts.absent)],
      ],
    },
    { type: 'heading', text: L.criteria },
    facts.criteria.length === 0
      ? { type: 'p', text: L.none }
      : { type: 'table', columns: [L.criterion, L.sheets, L.mean], widths: [3, 1, 1], rows: facts.criteria.map((c) => [c.criterion, c.sheets, c.mean.toFixed(2)]) },
    ...(facts.scoreSummary ? [{ type: 'p', text: `${L.average}: ${facts.scoreSummary.average.toFixed(2)} (${facts.scoreSummary.sheets} ${L.sheets.toLowerCase()})` } as Block] : []),
    { type: 'heading', text: L.rule },
    {
      type: 'fields',
      rows: [
        [L.quorum, `${fraction(rule.quorum.fraction)} ${t.bases[rule.quorum.base] ?? rule.quorum.base}`],
        [L.approval, `${t.comparisons[rule.approval.comparison] ?? rule.approval.comparison} ${fraction(rule.approval.fraction)} ${t.bases[rule.approval.base] ?? rule.approval.base}`],
        [L.definition, `${rule.definitionId} (v${rule.definitionVersion})`],
      ],
    },
    { type: 'heading', text: L.tally },
    {
      type: 'table',
      columns: [L.tally, ''],
      widths: [3, 1],
      rows: [
        [R.panel, tally.panel],
        [R.recused, tally.recused],
        [R.eligible, tally.eligible],
        [R.voted, tally.voted],
        [R.approve, tally.approve],
        [R.reject, tally.reject],
        [R.abstain, tally.abstain],
        [R.approvalBase, tally.approvalBase],
        [R.quorumMet, tally.quorumMet ? t.yes : t.no],
      ],
    },
    { type: 'p', bold: true, text: `${L.outcome}: ${t.outcomes[facts.outcome] ?? facts.outcome}` },
  ];
  return {
    kind: 'minutes',
    lang: t.lang,
    motto: t.motto,
    header: { issuer: names.council(facts.councilId).toUpperCase(), number: numberLine(t, `…/${t.minutes.symbol}`), placeDate: placeDate(t, facts.closedAt) },
    title: t.minutes.title,
    subject: t.minutes.subject,
    blocks,
    signatures: t.minutes.signers.map((title) => ({ title })),
    verification: verificationOf(issue, 'minutes', [facts.initiative.initiativeId, facts.reviewId], facts),
  };
};

export const ballotCountModel = (facts: BallotCountFacts, names: Names, issue: Issue): DocumentModel => {
  const t = issue.template;
  const R = t.ballotCount.rows;
  const th = facts.threshold;
  return {
    kind: 'ballot-count',
    lang: t.lang,
    motto: t.motto,
    header: { issuer: names.council(facts.councilId).toUpperCase(), number: numberLine(t, `…/${t.ballotCount.symbol}`), placeDate: placeDate(t, facts.closedAt) },
    title: t.ballotCount.title,
    subject: t.ballotCount.subject,
    blocks: [
      { type: 'p', text: fill(t.ballotCount.intro, { title: facts.initiative.title, unit: names.unit(facts.initiative.unitId) }) },
      {
        type: 'table',
        columns: ['', ''],
        widths: [3, 1],
        rows: [
          [R.issued, facts.issued],
          [R.returned, facts.returned],
          [R.valid, facts.valid],
          [R.invalid, facts.invalid],
          [R.approve, facts.approve],
          [R.reject, facts.reject],
          [R.abstain, facts.abstain],
          [R.base, `${facts.approvalBase} (${t.bases[th.base] ?? th.base})`],
          [R.percentage, facts.percentage.toFixed(2)],
          [R.threshold, `${t.comparisons[th.comparison] ?? th.comparison} ${th.fraction}`],
          [R.quorum, `${facts.quorum.fraction} (${facts.quorumMet ? t.yes : t.no})`],
        ],
      },
      { type: 'p', bold: true, text: `${R.outcome}: ${t.outcomes[facts.outcome] ?? facts.outcome}` },
      { type: 'p', italic: true, text: t.ballotCount.note },
    ],
    signatures: t.ballotCount.signers.map((title) => ({ title })),
    verification: verificationOf(issue, 'ballot-count', [facts.initiative.initiativeId, facts.reviewId], facts),
  };
};
