import { batchSettingsFromEnv, DEFAULT_BATCH_BUDGET_MS } from './projection-runner';

describe('projection batch settings from the environment', () => {
  it('defaults to the caller’s count and the default time budget', () => {
    expect(batchSettingsFromEnv({}, 2000)).toEqual({ batchSize: 2000, batchBudgetMs: DEFAULT_BATCH_BUDGET_MS });
  });

  it('reads PROJECTION_BATCH_SIZE and PROJECTION_BATCH_BUDGET_MS', () => {
    expect(batchSettingsFromEnv({ PROJECTION_BATCH_SIZE: '500', PROJECTION_BATCH_BUDGET_MS: '250' }, 2000)).toEqual({ batchSize: 500, batchBudgetMs: 250 });
  });

  it.each([['0'], ['-5'], ['1.5'], ['soon']])('refuses a budget of %p with a message naming the variable', (value) => {
    expect(() => batchSettingsFromEnv({ PROJECTION_BATCH_BUDGET_MS: value }, 2000)).toThrow(`invalid configuration: PROJECTION_BATCH_BUDGET_MS must be a positive integer, got "${value}"`);
  });
});
