import { describe, expect, it } from 'vitest';
import { validateDecision, type DecisionDraft } from './decision';

const draft = (over: Partial<DecisionDraft>): DecisionDraft => ({ outcome: '', decisionNo: '', decidedOn: '', signedBy: '', awardForm: '', reason: '', ...over });

describe('validateDecision', () => {
  it('a grant needs its decision number and signer', () => {
    expect(validateDecision(draft({ outcome: 'granted' })).problems).toEqual({ decisionNo: 'required', signedBy: 'required' });
    expect(validateDecision(draft({ outcome: 'granted', decisionNo: ' 12/QĐ-UBND ', signedBy: 'Chủ tịch', decidedOn: '2026-12-01' }))).toEqual({
      problems: {},
      body: { outcome: 'granted', decisionNo: '12/QĐ-UBND', signedBy: 'Chủ tịch', decidedOn: '2026-12-01' },
    });
  });

  it('a refusal needs only its outcome; the reason travels when given', () => {
    expect(validateDecision(draft({ outcome: 'declined', reason: 'Not replicated' })).body).toEqual({ outcome: 'declined', reason: 'Not replicated' });
  });

  it('needs an outcome and a real date', () => {
    expect(validateDecision(draft({})).problems).toEqual({ outcome: 'required' });
    expect(validateDecision(draft({ outcome: 'declined', decidedOn: '2026-02-30' })).problems).toEqual({ decidedOn: 'invalidDate' });
  });

  it('keeps texts within the API limits', () => {
    expect(validateDecision(draft({ outcome: 'declined', reason: 'x'.repeat(2001) })).problems).toEqual({ reason: 'tooLong' });
  });
});
