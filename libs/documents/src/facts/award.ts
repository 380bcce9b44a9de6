import { anchorOf, initiativeFacts, type Anchor, type InitiativeFacts, type LogEvent } from './log';

export interface AwardFacts {
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  awardForm: string;
  level: string;
  councilId?: string;
}

/** One award certificate: the n-th award of an initiative (1-based). */
export interface CertificateFacts {
  initiative: InitiativeFacts;
  n: number;
  award: AwardFacts;
  anchor: Anchor;
}

const award = (e: LogEvent): AwardFacts => {
  const d = e.data as unknown as AwardFacts;
  return { decisionNo: d.decisionNo, decidedOn: d.decidedOn, signedBy: d.signedBy, awardForm: d.awardForm, level: d.level, ...(d.councilId ? { councilId: d.councilId } : {}) };
};

export const grants = (events: readonly LogEvent[]): LogEvent[] => events.filter((e) => e.type === 'AwardGranted');

export const certificateFacts = (initiativeId: string, events: readonly LogEvent[], n: number): CertificateFacts | undefined => {
  const granted = grants(events)[n - 1];
  const initiative = initiativeFacts(initiativeId, events);
  if (!granted || !initiative) return undefined;
  return { initiative, n, award: award(granted), anchor: anchorOf(granted) };
};

/** One line of a decision's attached list. */
export interface Recipient {
  initiative: InitiativeFacts;
  award: AwardFacts;
  position: string;
}

/** The award decision with its attached list: every initiative granted under one decision number. */
export interface DecisionFacts {
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  awardForm: string;
  level: string;
  /** In the order the awards were recorded. */
  recipients: { initiative: InitiativeFacts; awardForm: string; level: string; decidedOn: string }[];
  anchor: Anchor;
}

/**
 * The initiatives' streams that hold a grant under `decisionNo` (each as recorded); the decision
 * is as of the last of those grants, or as of `position` when given (a verification).
 */
export const decisionFacts = (decisionNo: string, streams: { initiativeId: string; events: readonly LogEvent[] }[], position?: string): DecisionFacts | undefined => {
  const lines: { grant: LogEvent; initiative: InitiativeFacts }[] = [];
  for (const { initiativeId, events } of streams) {
    const seen = position === undefined ? events : events.filter((e) => e.position <= position);
    const initiative = initiativeFacts(initiativeId, seen);
    if (!initiative) continue;
    for (const g of grants(seen)) if (g.data.decisionNo === decisionNo) lines.push({ grant: g, initiative });
  }
  if (lines.length === 0) return undefined;
  lines.sort((a, b) => (a.grant.position < b.grant.position ? -1 : 1));
  const last = lines[lines.length - 1].grant;
  const head = award(lines[0].grant);
  return {
    decisionNo,
    decidedOn: head.decidedOn,
    signedBy: head.signedBy,
    awardForm: head.awardForm,
    level: head.level,
    recipients: lines.map(({ grant, initiative }) => ({ initiative, awardForm: grant.data.awardForm as string, level: grant.data.level as string, decidedOn: grant.data.decidedOn as string })),
    anchor: anchorOf(last),
  };
};

export type ResultOutcome = 'returned' | 'not_recommended' | 'no_quorum' | 'awarded' | 'declined' | 'revoked';

/** A result notice to the nominating unit: one outcome of the initiative, with the reason. */
export interface ResultNoticeFacts {
  initiative: InitiativeFacts;
  n: number;
  outcome: ResultOutcome;
  on: string;
  reason?: string;
  legalBasis?: string;
  decisionNo?: string;
  awardForm?: string;
  level?: string;
  anchor: Anchor;
}

const OUTCOME_TYPES = new Set(['DossierReturned', 'ReviewClosed', 'AwardGranted', 'AwardDeclined', 'AwardRevoked']);

/** The outcomes a unit is told of, in order: each has its notice. */
export const outcomes = (events: readonly LogEvent[]): LogEvent[] =>
  events.filter((e) => OUTCOME_TYPES.has(e.type) && (e.type !== 'ReviewClosed' || e.data.outcome !== 'recommended'));

export const resultNoticeFacts = (initiativeId: string, events: readonly LogEvent[], n: number): ResultNoticeFacts | undefined => {
  const e = outcomes(events)[n - 1];
  const initiative = initiativeFacts(initiativeId, events);
  if (!e || !initiative) return undefined;
  const d = e.data as Record<string, string | undefined>;
  const base = { initiative, n, anchor: anchorOf(e) };
  switch (e.type) {
    case 'DossierReturned':
      return { ...base, outcome: 'returned', on: d.screenedAt as string, reason: d.reason };
    case 'ReviewClosed':
      return { ...base, outcome: d.outcome as ResultOutcome, on: d.closedAt as string };
    case 'AwardGranted':
      return { ...base, outcome: 'awarded', on: d.decidedOn as string, decisionNo: d.decisionNo, awardForm: d.awardForm, level: d.level };
    case 'AwardDeclined':
      return { ...base, outcome: 'declined', on: d.decidedOn as string, ...(d.reason ? { reason: d.reason } : {}) };
    default:
      return { ...base, outcome: 'revoked', on: d.revokedAt as string, reason: d.reason, decisionNo: d.decisionNo, level: d.level, ...(d.legalBasis ? { legalBasis: d.legalBasis } : {}) };
  }
};
