import type { RubricCriterion } from './api';

/** What a member typed into the rubric form: the raw text of each score, and a comment per criterion. */
export interface RubricDraft {
  scores: Record<string, string>;
  comments: Record<string, string>;
}

export type RubricProblem =
  | { criterion: string; kind: 'required' }
  | { criterion: string; kind: 'notANumber' }
  | { criterion: string; kind: 'outOfRange'; min: number; max: number }
  | { criterion: string; kind: 'commentTooLong'; max: number };

export const MIN_SCORE = 0;
export const MAX_COMMENT = 5000;

export interface RubricResult {
  /** Problems by criterion (the first of each). */
  problems: Record<string, RubricProblem>;
  valid: boolean;
  /** The scores as numbers, when valid. */
  scores: Record<string, number>;
  /** Non-blank comments, trimmed. */
  comments: Record<string, string>;
  /** Weighted total on a 0–100 scale over the criteria scored so far (null when none is). */
  weighted: number | null;
}

/**
 * Checks a draft against the rubric as the API does (every criterion scored, 0 ≤ score ≤ max, a
 * comment per criterion of at most 5000 characters) and computes the weighted total the council's
 * summary uses: Σ weight × score / max, over Σ weight, × 100. Pure: the form and its test share it.
 */
export function validateRubric(rubric: readonly RubricCriterion[], draft: RubricDraft): RubricResult {
  const problems: Record<string, RubricProblem> = {};
  const scores: Record<string, number> = {};
  const comments: Record<string, string> = {};
  let weightSum = 0;
  let weightedSum = 0;
  for (const c of rubric) {
    const raw = (draft.scores[c.criterion] ?? '').trim().replace(',', '.');
    const comment = (draft.comments[c.criterion] ?? '').trim();
    if (comment.length > MAX_COMMENT) problems[c.criterion] = { criterion: c.criterion, kind: 'commentTooLong', max: MAX_COMMENT };
    else if (comment) comments[c.criterion] = comment;
    if (raw === '') {
      problems[c.criterion] ??= { criterion: c.criterion, kind: 'required' };
      continue;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      problems[c.criterion] = { criterion: c.criterion, kind: 'notANumber' };
      continue;
    }
    if (value < MIN_SCORE || value > c.max) {
      problems[c.criterion] = { criterion: c.criterion, kind: 'outOfRange', min: MIN_SCORE, max: c.max };
      continue;
    }
    scores[c.criterion] = value;
    weightSum += c.weight;
    weightedSum += (c.weight * value) / c.max;
  }
  const valid = rubric.length > 0 && Object.keys(problems).length === 0;
  return { problems, valid, scores, comments, weighted: weightSum > 0 ? Math.round((weightedSum / weightSum) * 1000) / 10 : null };
}

/** Each criterion's share of the total, in percent (weights 3, 4, 3 → 30, 40, 30). */
export function weightShares(rubric: readonly RubricCriterion[]): Record<string, number> {
  const total = rubric.reduce((sum, c) => sum + c.weight, 0);
  return Object.fromEntries(rubric.map((c) => [c.criterion, total > 0 ? Math.round((c.weight / total) * 1000) / 10 : 0]));
}
