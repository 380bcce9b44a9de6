import { describe, expect, it } from 'vitest';
import { funnelOption, levelByField } from './figures';

describe('statistics figures', () => {
  it('sums level × field over the years of the answer, an unknown level under its own name', () => {
    const m = levelByField(
      [
        { level: 'province', field: 'economy', year: 2024, count: 2 },
        { level: 'province', field: 'economy', year: 2025, count: 3 },
        { level: 'district', field: 'culture', year: 2025, count: 1 },
        { level: null, field: 'economy', year: 2025, count: 4 },
      ],
      '(none)',
    );
    expect(m).toEqual({ levels: ['(none)', 'district', 'province'], fields: ['culture', 'economy'], counts: { culture: [0, 1, 0], economy: [4, 0, 5] } });
  });

  it('draws the funnel in the order of the track', () => {
    const option = funnelOption({ registered: 10, nominated: 6, recommended: 4, awarded: 3, published: 2, replicated: 1 }, (s) => s.toUpperCase());
    expect(option.series[0].data).toEqual([
      { name: 'REGISTERED', value: 10 },
      { name: 'NOMINATED', value: 6 },
      { name: 'RECOMMENDED', value: 4 },
      { name: 'AWARDED', value: 3 },
      { name: 'PUBLISHED', value: 2 },
      { name: 'REPLICATED', value: 1 },
    ]);
  });
});
