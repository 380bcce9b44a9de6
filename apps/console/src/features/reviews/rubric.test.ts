import { describe, expect, it } from 'vitest';
import { validateRubric, weightShares } from './rubric';

const rubric = [
  { criterion: 'novelty', label: 'Novelty and creativity', weight: 3, max: 10 },
  { criterion: 'effectiveness', label: 'Effectiveness', weight: 4, max: 10 },
  { criterion: 'scope', label: 'Scope of influence', weight: 3, max: 5 },
];

describe('validateRubric', () => {
  it('accepts a score per criterion within 0..max and weighs them', () => {
    const result = validateRubric(rubric, { scores: { novelty: '10', effectiveness: '5', scope: '0' }, comments: { novelty: '  New  ', scope: ' ' } });
    expect(result.valid).toBe(true);
    expect(result.problems).toEqual({});
    expect(result.scores).toEqual({ novelty: 10, effectiveness: 5, scope: 0 });
    expect(result.comments).toEqual({ novelty: 'New' });
    // (3 × 10/10 + 4 × 5/10 + 3 × 0/5) / 10 = 0.5
    expect(result.weighted).toBe(50);
  });

  it('refuses a missing score, a non-number and one outside the range', () => {
    const result = validateRubric(rubric, { scores: { novelty: '', effectiveness: 'abc', scope: '6' }, comments: {} });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual({
      novelty: { criterion: 'novelty', kind: 'required' },
      effectiveness: { criterion: 'effectiveness', kind: 'notANumber' },
      scope: { criterion: 'scope', kind: 'outOfRange', min: 0, max: 5 },
    });
  });

  it('refuses negative scores, accepts a decimal comma, and limits comments to 5000 characters', () => {
    const result = validateRubric(rubric, { scores: { novelty: '-1', effectiveness: '7,5', scope: '5' }, comments: { scope: 'x'.repeat(5001) } });
    expect(result.problems.novelty).toEqual({ criterion: 'novelty', kind: 'outOfRange', min: 0, max: 10 });
    expect(result.scores.effectiveness).toBe(7.5);
    expect(result.problems.scope).toEqual({ criterion: 'scope', kind: 'commentTooLong', max: 5000 });
  });

  it('a track without a rubric cannot be scored', () => {
    expect(validateRubric([], { scores: {}, comments: {} }).valid).toBe(false);
  });

  it("gives each criterion's share of the weights", () => {
    expect(weightShares(rubric)).toEqual({ novelty: 30, effectiveness: 40, scope: 30 });
  });
});
