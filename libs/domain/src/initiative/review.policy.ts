import { DomainErrorCode, fail } from '../shared/errors';
import { meets, parseFraction } from '../shared/fraction';
import type { RubricCriterion, WorkflowDefinition } from '../workflow/definition';
import type { Choice } from './initiative.commands';
import type { AppliedRule, RecusalReason, ReviewOutcome, ScoreSummary, Tally } from './initiative.events';
import { Initiative, Review, ScoreSheet, isRecused } from './initiative.state';

/** Authors first: being an author is the stronger reason and the one the minutes should show. */
export const automaticRecusals = (
  panel: readonly string[],
  initiative: Initiative,
  memberUnits: Readonly<Record<string, string>>,
): { memberId: string; reason: RecusalReason }[] =>
  panel.flatMap((memberId): { memberId: string; reason: RecusalReason }[] => {
    if (initiative.authors.some((a) => a.userId === memberId)) return [{ memberId, reason: 'automatic:author' }];
    if (memberUnits[memberId] === initiative.unitId) return [{ memberId, reason: 'automatic:nominating_unit' }];
    return [];
  });

/** The panel minus the recused: who is expected to vote (the quorum's base). */
export const eligibleMembers = (review: Review): string[] => review.panel.filter((m) => !isRecused(review, m));

/** The base "all_members": every voting member of the council minus the recused, whatever the panel. */
export const approvalMembers = (review: Review): string[] => (review.votingMembers ?? review.panel).filter((m) => !isRecused(review, m));

export const appliedRule = (definition: WorkflowDefinition): AppliedRule => {
  const { quorum, approval, secretBallot } = definition.parameters;
  if (!quorum || !approval) return fail(DomainErrorCode.INVALID_DEFINITION, `${definition.id} has no quorum or approval rule`);
  return { definitionId: definition.id, definitionVersion: definition.version, quorum, approval, secretBallot: secretBallot ?? false };
};

const count = (choices: readonly Choice[], choice: Choice): number => choices.filter((c) => c === choice).length;

/**
 * Quorum: members who voted (abstaining counts as present) against the eligible members.
 * Approval: approvals against the definition's base ("all_members" = every voting member of the
 * council, not only the panel). Recused members are in neither.
 */
export const tallyReview = (review: Review, rule: AppliedRule, choices: readonly Choice[]): { tally: Tally; outcome: ReviewOutcome } => {
  const eligible = eligibleMembers(review).length;
  const voted = choices.length;
  const approve = count(choices, 'approve');
  const reject = count(choices, 'reject');
  const abstain = count(choices, 'abstain');
  const quorum = parseFraction(rule.quorum.fraction) ?? fail(DomainErrorCode.INVALID_DEFINITION, 'bad quorum fraction');
  const threshold = parseFraction(rule.approval.fraction) ?? fail(DomainErrorCode.INVALID_DEFINITION, 'bad approval fraction');
  const approvalBase = { all_members: approvalMembers(review).length, members_present: voted, ballots_cast: approve + reject }[rule.approval.base];
  const quorumMet = meets(voted, eligible, quorum, false);
  const approved = quorumMet && meets(approve, approvalBase, threshold, rule.approval.comparison === 'more_than');
  const tally: Tally = {
    panel: review.panel.length,
    recused: review.recusals.length,
    eligible,
    voted,
    approve,
    reject,
    abstain,
    quorumMet,
    approvalBase,
    approved,
  };
  const outcome: ReviewOutcome = !quorumMet ? 'no_quorum' : approved ? 'recommended' : 'not_recommended';
  return { tally, outcome };
};

/** Every criterion scored once, within 0..max; unknown criteria are refused. */
export const validateScores = (rubric: readonly RubricCriterion[], scores: Record<string, number>): void => {
  const problems: string[] = [];
  for (const key of Object.keys(scores ?? {})) {
    if (!rubric.some((c) => c.criterion === key)) problems.push(`unknown criterion "${key}"`);
  }
  for (const c of rubric) {
    const value = scores?.[c.criterion];
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`criterion "${c.criterion}" needs a score`);
    else if (value < 0 || value > c.max) problems.push(`criterion "${c.criterion}" must be between 0 and ${c.max}`);
  }
  if (problems.length > 0) fail(DomainErrorCode.VALIDATION_FAILED, problems.join('; '), problems);
};

/**
 * The comments per criterion of a sheet: each names a criterion of the rubric and holds 1 to 5000
 * characters (trimmed; blank ones dropped). Undefined when there are none.
 */
export const criterionComments = (rubric: readonly RubricCriterion[], comments: Record<string, string> | undefined): Record<string, string> | undefined => {
  if (comments === undefined) return undefined;
  const problems: string[] = [];
  const kept: Record<string, string> = {};
  if (typeof comments !== 'object' || comments === null || Array.isArray(comments)) fail(DomainErrorCode.VALIDATION_FAILED, 'comments must map criteria to text');
  for (const [key, value] of Object.entries(comments)) {
    if (!rubric.some((c) => c.criterion === key)) problems.push(`comment for unknown criterion "${key}"`);
    else if (typeof value !== 'string') problems.push(`comment for criterion "${key}" must be text`);
    else if (value.trim().length > 5000) problems.push(`comment for criterion "${key}" must be at most 5000 characters`);
    else if (value.trim() !== '') kept[key] = value.trim();
  }
  if (problems.length > 0) fail(DomainErrorCode.VALIDATION_FAILED, problems.join('; '), problems);
  return Object.keys(kept).length > 0 ? kept : undefined;
};

/** Weighted score of one sheet on a 0–100 scale. */
export const weightedScore = (rubric: readonly RubricCriterion[], sheet: ScoreSheet): number => {
  const totalWeight = rubric.reduce((sum, c) => sum + c.weight, 0);
  const points = rubric.reduce((sum, c) => sum + ((sheet.scores[c.criterion] ?? 0) / c.max) * c.weight, 0);
  return totalWeight === 0 ? 0 : (points / totalWeight) * 100;
};

export const scoreSummary = (rubric: readonly RubricCriterion[], review: Review): ScoreSummary | undefined => {
  const sheets = review.scores.filter((s) => !isRecused(review, s.memberId));
  if (rubric.length === 0 || sheets.length === 0) return undefined;
  const average = sheets.reduce((sum, s) => sum + weightedScore(rubric, s), 0) / sheets.length;
  return { sheets: sheets.length, average: Math.round(average * 100) / 100 };
};
