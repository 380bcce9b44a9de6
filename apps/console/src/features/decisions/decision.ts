import type { DecisionBody } from './api';

/** What the authority typed into the decision form. */
export interface DecisionDraft {
  outcome: '' | 'granted' | 'declined';
  decisionNo: string;
  decidedOn: string;
  signedBy: string;
  awardForm: string;
  reason: string;
}

export type DecisionField = keyof DecisionDraft;
export type DecisionProblem = 'required' | 'invalidDate' | 'tooLong';

const LIMITS: Partial<Record<DecisionField, number>> = { decisionNo: 100, signedBy: 200, awardForm: 100, reason: 2000 };

const isIsoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * Checks a decision as the API does: an outcome; a grant names its decision number and signer; a
 * date is a real calendar date; texts within the API's lengths. Gives the body to send when valid.
 */
export function validateDecision(draft: DecisionDraft): { problems: Partial<Record<DecisionField, DecisionProblem>>; body: DecisionBody | null } {
  const problems: Partial<Record<DecisionField, DecisionProblem>> = {};
  const v = Object.fromEntries(Object.entries(draft).map(([k, x]) => [k, x.trim()])) as unknown as DecisionDraft;
  if (!v.outcome) problems.outcome = 'required';
  if (v.outcome === 'granted') {
    if (!v.decisionNo) problems.decisionNo = 'required';
    if (!v.signedBy) problems.signedBy = 'required';
  }
  if (v.decidedOn && !isIsoDate(v.decidedOn)) problems.decidedOn = 'invalidDate';
  for (const [field, max] of Object.entries(LIMITS) as [DecisionField, number][]) if (v[field].length > max) problems[field] = 'tooLong';
  if (Object.keys(problems).length > 0 || !v.outcome) return { problems, body: null };
  const body: DecisionBody = { outcome: v.outcome };
  if (v.decisionNo) body.decisionNo = v.decisionNo;
  if (v.decidedOn) body.decidedOn = v.decidedOn;
  if (v.signedBy) body.signedBy = v.signedBy;
  if (v.awardForm) body.awardForm = v.awardForm;
  if (v.reason) body.reason = v.reason;
  return { problems, body };
}
