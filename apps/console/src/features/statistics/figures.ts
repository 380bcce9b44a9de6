import type { CountGroup, Funnel, LevelReplication } from './api';
import { FUNNEL_STAGES } from './api';

/*
 * The charts' options from the API's figures: pure, so the table and the chart show the same
 * numbers. `labels` carries the viewer's words (series and category names).
 */

export interface Matrix {
  levels: string[];
  fields: string[];
  /** counts[field][level index] summed over the years in the answer. */
  counts: Record<string, number[]>;
}

export function levelByField(groups: CountGroup[], noLevel: string): Matrix {
  const levelOf = (g: CountGroup) => g.level ?? noLevel;
  const levels = [...new Set(groups.map(levelOf))].sort();
  const fields = [...new Set(groups.map((g) => g.field ?? ''))].sort();
  const counts = Object.fromEntries(fields.map((f) => [f, levels.map(() => 0)])) as Record<string, number[]>;
  for (const g of groups) counts[g.field ?? ''][levels.indexOf(levelOf(g))] += g.count;
  return { levels, fields, counts };
}

export function levelFieldOption(m: Matrix) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: m.levels },
    yAxis: { type: 'value', minInterval: 1 },
    series: m.fields.map((f) => ({ name: f, type: 'bar', stack: 'count', data: m.counts[f] })),
  };
}

export function funnelOption(f: Funnel, label: (stage: string) => string) {
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '5%',
        width: '55%',
        minSize: '4%',
        // Labels beside the funnel: a narrow stage's label stays readable.
        label: { show: true, position: 'right', formatter: '{b}: {c}' },
        labelLine: { show: true },
        data: FUNNEL_STAGES.map((s) => ({ name: label(s), value: f[s] })),
      },
    ],
  };
}

export function replicationOption(levels: LevelReplication[], names: { adoptingUnits: string; replications: string; initiatives: string }) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: levels.map((l) => l.level) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['adoptingUnits', 'replications', 'initiatives'] as const).map((k) => ({ name: names[k], type: 'bar', data: levels.map((l) => l[k]) })),
  };
}
