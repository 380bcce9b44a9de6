import { describe, expect, it } from 'vitest';
import type { Stage } from './api';
import { countsFor, withStageCounts } from './diagram';

const stages: Stage[] = [
  { id: 'registered', kind: 'active', label: 'Registered', transitions: [{ command: 'nominate', to: 'nominated', roles: ['unit_officer'] }] },
  { id: 'nominated', kind: 'active', transitions: [{ command: 'closeReview', to: 'decide', roles: ['secretary'] }] },
  { id: 'decide', kind: 'choice', branches: [{ outcome: 'recommended', to: 'awarded' }] },
  { id: 'awarded', kind: 'final', label: 'Awarded' },
];
const mermaid = 'stateDiagram-v2\n  registered: Registered\n  state decide <<choice>>\n  awarded: Awarded\n  [*] --> registered: register\n';

describe('the diagram with stage counts', () => {
  it('adds each stage count as a description line and highlights occupied stages, leaving choices alone', () => {
    const out = withStageCounts(mermaid, stages, new Map([['nominated', 3], ['awarded', 1]]), (n) => `${n} initiatives`);
    expect(out).toContain('  registered: 0 initiatives\n');
    expect(out).toContain('  nominated: nominated\n  nominated: 3 initiatives\n');
    expect(out).toContain('  awarded: 1 initiatives\n');
    expect(out).not.toContain('decide:');
    expect(out).toContain('  class nominated,awarded occupied\n');
    expect(out.startsWith(mermaid.trimEnd())).toBe(true);
  });
  it('sums counts over versions, or takes one version', () => {
    const rows = [
      { definitionVersion: 1, stage: 'nominated', count: 2 },
      { definitionVersion: 2, stage: 'nominated', count: 1 },
      { definitionVersion: 2, stage: 'awarded', count: 4 },
    ];
    expect(countsFor(rows)).toEqual(new Map([['nominated', 3], ['awarded', 4]]));
    expect(countsFor(rows, 1)).toEqual(new Map([['nominated', 2]]));
  });
});
