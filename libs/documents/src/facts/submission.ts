import { anchorOf, initiativeFacts, type Anchor, type InitiativeFacts, type LogEvent } from './log';
import type { TallyFacts } from './review';

/**
 * A council's session: the calendar day, in Vietnam's time (UTC+7), on which it closed reviews.
 * The submission to the decision authority lists the nominees it recommended that day.
 */
export const sessionOf = (closedAt: string): string => new Date(Date.parse(closedAt) + 7 * 3600_000).toISOString().slice(0, 10);

export interface ConsultationOutcome {
  status: 'none' | 'open' | 'closed';
  objections: number;
  upheld: number;
  dismissed: number;
}

export interface SubmissionEntry {
  initiative: InitiativeFacts;
  reviewId: string;
  tally: Pick<TallyFacts, 'eligible' | 'voted' | 'approve' | 'reject' | 'abstain' | 'approvalBase'>;
  consultation: ConsultationOutcome;
}

export interface SubmissionFacts {
  councilId: string;
  session: string;
  entries: SubmissionEntry[];
  anchor: Anchor;
}

/** The consultation that followed a review, as the log shows it (up to the next review, if any). */
const consultationAfter = (events: readonly LogEvent[], from: number): { outcome: ConsultationOutcome; last?: LogEvent } => {
  const outcome: ConsultationOutcome = { status: 'none', objections: 0, upheld: 0, dismissed: 0 };
  let last: LogEvent | undefined;
  for (const e of events.slice(from + 1)) {
    if (e.type === 'ReviewOpened') break;
    if (e.type === 'ConsultationOpened') outcome.status = 'open';
    else if (e.type === 'ObjectionFiled') outcome.objections++;
    else if (e.type === 'ObjectionResolved') outcome[e.data.outcome === 'upheld' ? 'upheld' : 'dismissed']++;
    else if (e.type === 'ConsultationClosed') outcome.status = 'closed';
    else continue;
    last = e;
  }
  return last ? { outcome, last } : { outcome };
};

/** Undefined when the council recommended nobody that day (or, with a position, not by then). */
export const submissionFacts = (councilId: string, session: string, streams: { initiativeId: string; events: readonly LogEvent[] }[], position?: string): SubmissionFacts | undefined => {
  const found: { entry: SubmissionEntry; at: string; last: LogEvent }[] = [];
  for (const { initiativeId, events: all } of streams) {
    const events = position === undefined ? all : all.filter((e) => e.position <= position);
    const initiative = initiativeFacts(initiativeId, events);
    if (!initiative) continue;
    const councils = new Map(events.filter((e) => e.type === 'ReviewOpened').map((e) => [e.data.reviewId as string, e.data.councilId as string]));
    events.forEach((e, i) => {
      if (e.type !== 'ReviewClosed' || e.data.outcome !== 'recommended' || councils.get(e.data.reviewId as string) !== councilId) return;
      if (sessionOf(e.data.closedAt as string) !== session) return;
      const t = e.data.tally as TallyFacts;
      const { outcome, last } = consultationAfter(events, i);
      const entry = { initiative, reviewId: e.data.reviewId as string, tally: { eligible: t.eligible, voted: t.voted, approve: t.approve, reject: t.reject, abstain: t.abstain, approvalBase: t.approvalBase }, consultation: outcome };
      found.push({ entry, at: e.position, last: last && last.position > e.position ? last : e });
    });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => (a.at < b.at ? -1 : 1));
  const anchor = found.reduce((max, f) => (f.last.position > max.position ? f.last : max), found[0].last);
  return { councilId, session, entries: found.map((f) => f.entry), anchor: anchorOf(anchor) };
};
