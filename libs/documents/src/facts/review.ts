import { anchorOf, initiativeFacts, type Anchor, type InitiativeFacts, type LogEvent } from './log';

export interface TallyFacts {
  panel: number;
  recused: number;
  eligible: number;
  voted: number;
  approve: number;
  reject: number;
  abstain: number;
  quorumMet: boolean;
  approvalBase: number;
  approved: boolean;
}

export interface RuleFacts {
  definitionId: string;
  definitionVersion: number;
  quorum: { fraction: string; base: string };
  approval: { fraction: string; base: string; comparison: string };
  secretBallot: boolean;
}

export interface CriterionSummary {
  criterion: string;
  sheets: number;
  /** Mean of the members' scores for this criterion, two decimals. */
  mean: number;
}

/** The council meeting minutes of one review: attendance, scores in summary, the rule, the tally. */
export interface MinutesFacts {
  initiative: InitiativeFacts;
  reviewId: string;
  cycle: number;
  councilId: string;
  level: string;
  secretBallot: boolean;
  openedAt: string;
  closedAt: string;
  panel: string[];
  /** Members who voted: attendance, never beside a choice. */
  present: string[];
  recused: { memberId: string; reason: string; note?: string }[];
  absent: string[];
  criteria: CriterionSummary[];
  scoreSummary?: { sheets: number; average: number };
  rule: RuleFacts;
  tally: TallyFacts;
  outcome: string;
  anchor: Anchor;
}

/** The ballot count record of a secret review: counts only, nothing that names a voter. */
export interface BallotCountFacts {
  initiative: InitiativeFacts;
  reviewId: string;
  cycle: number;
  councilId: string;
  closedAt: string;
  issued: number;
  returned: number;
  valid: number;
  invalid: number;
  approve: number;
  reject: number;
  abstain: number;
  approvalBase: number;
  /** approve / approvalBase × 100, two decimals (0 when the base is 0). */
  percentage: number;
  threshold: RuleFacts['approval'];
  quorum: RuleFacts['quorum'];
  quorumMet: boolean;
  outcome: string;
  rule: { definitionId: string; definitionVersion: number };
  anchor: Anchor;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

interface ReviewSlice {
  opened: LogEvent;
  closed: LogEvent;
  inReview: LogEvent[];
}

/** The events of one review, from its opening to its closing; undefined while it is open. */
const reviewSlice = (events: readonly LogEvent[], reviewId: string): ReviewSlice | undefined => {
  const start = events.findIndex((e) => e.type === 'ReviewOpened' && e.data.reviewId === reviewId);
  const end = events.findIndex((e) => e.type === 'ReviewClosed' && e.data.reviewId === reviewId);
  if (start < 0 || end < 0) return undefined;
  return { opened: events[start], closed: events[end], inReview: events.slice(start, end + 1).filter((e) => e.data.reviewId === reviewId) };
};

export const minutesFacts = (initiativeId: string, events: readonly LogEvent[], reviewId: string): MinutesFacts | undefined => {
  const slice = reviewSlice(events, reviewId);
  const initiative = initiativeFacts(initiativeId, events);
  if (!slice || !initiative) return undefined;
  const opened = slice.opened.data as { cycle: number; councilId: string; level: string; panel: string[]; secretBallot: boolean; openedAt: string };
  const closed = slice.closed.data as { outcome: string; tally: TallyFacts; rule: RuleFacts; scoreSummary?: { sheets: number; average: number }; closedAt: string };
  const notes = new Map<string, string>();
  const recused: MinutesFacts['recused'] = [];
  const present = new Set<string>();
  const scores = new Map<string, number[]>();
  for (const e of slice.inReview) {
    if (e.type === 'ConflictDeclared') notes.set(e.data.memberId as string, e.data.reason as string);
    else if (e.type === 'MemberRecused') recused.push({ memberId: e.data.memberId as string, reason: e.data.reason as string });
    else if (e.type === 'BallotCast' || e.type === 'SecretBallotCast') present.add(e.data.memberId as string);
    else if (e.type === 'ScoresSubmitted') {
      for (const [criterion, score] of Object.entries(e.data.scores as Record<string, number>)) scores.set(criterion, [...(scores.get(criterion) ?? []), score]);
    }
  }
  const recusedIds = new Set(recused.map((r) => r.memberId));
  return {
    initiative,
    reviewId,
    cycle: opened.cycle,
    councilId: opened.councilId,
    level: opened.level,
    secretBallot: opened.secretBallot,
    openedAt: opened.openedAt,
    closedAt: closed.closedAt,
    panel: [...opened.panel],
    present: opened.panel.filter((m) => present.has(m)),
    recused: recused.map((r) => (notes.has(r.memberId) ? { ...r, note: notes.get(r.memberId) as string } : r)),
    absent: opened.panel.filter((m) => !present.has(m) && !recusedIds.has(m)),
    criteria: [...scores.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([criterion, list]) => ({ criterion, sheets: list.length, mean: round2(list.reduce((s, x) => s + x, 0) / list.length) })),
    ...(closed.scoreSummary ? { scoreSummary: closed.scoreSummary } : {}),
    rule: closed.rule,
    tally: closed.tally,
    outcome: closed.outcome,
    anchor: anchorOf(slice.closed),
  };
};

export const ballotCountFacts = (initiativeId: string, events: readonly LogEvent[], reviewId: string): BallotCountFacts | undefined => {
  const slice = reviewSlice(events, reviewId);
  const initiative = initiativeFacts(initiativeId, events);
  if (!slice || !initiative || slice.opened.data.secretBallot !== true) return undefined;
  const closed = slice.closed.data as { outcome: string; tally: TallyFacts; rule: RuleFacts; closedAt: string; cycle: number };
  const t = closed.tally;
  const valid = t.approve + t.reject + t.abstain;
  return {
    initiative,
    reviewId,
    cycle: closed.cycle,
    councilId: slice.opened.data.councilId as string,
    closedAt: closed.closedAt,
    issued: t.eligible,
    returned: t.voted,
    valid,
    invalid: t.voted - valid,
    approve: t.approve,
    reject: t.reject,
    abstain: t.abstain,
    approvalBase: t.approvalBase,
    percentage: t.approvalBase > 0 ? round2((t.approve / t.approvalBase) * 100) : 0,
    threshold: closed.rule.approval,
    quorum: closed.rule.quorum,
    quorumMet: t.quorumMet,
    outcome: closed.outcome,
    rule: { definitionId: closed.rule.definitionId, definitionVersion: closed.rule.definitionVersion },
    anchor: anchorOf(slice.closed),
  };
};

/** The reviews of an initiative that have closed, in order: what minutes exist for. */
export const closedReviews = (events: readonly LogEvent[]): { reviewId: string; secretBallot: boolean }[] => {
  const secret = new Map(events.filter((e) => e.type === 'ReviewOpened').map((e) => [e.data.reviewId as string, e.data.secretBallot === true]));
  return events.filter((e) => e.type === 'ReviewClosed').map((e) => ({ reviewId: e.data.reviewId as string, secretBallot: secret.get(e.data.reviewId as string) ?? false }));
};
