import type { Stage } from './api';

/**
 * The definition's Mermaid text with each stage's count of initiatives standing there now: a
 * second description line on the state (`nominated: 3 ●`) and a highlight class on occupied
 * stages. Choice pseudo-states take no description, so they are left as they are.
 */
export function withStageCounts(mermaid: string, stages: readonly Stage[], counts: ReadonlyMap<string, number>, label: (n: number) => string): string {
  const lines = mermaid.trimEnd().split('\n');
  const occupied: string[] = [];
  for (const stage of stages) {
    if (stage.kind === 'choice') continue;
    const n = counts.get(stage.id) ?? 0;
    // A state with no label yet gets its id as the first line, so the count reads as a second line.
    if (!stage.label) lines.push(`  ${stage.id}: ${stage.id}`);
    lines.push(`  ${stage.id}: ${label(n).replace(/[:;\n]/g, ' ')}`);
    if (n > 0) occupied.push(stage.id);
  }
  if (occupied.length > 0) {
    lines.push('  classDef occupied fill:#c3fae8,stroke:#087f5b,stroke-width:2px,color:#000');
    lines.push(`  class ${occupied.join(',')} occupied`);
  }
  return `${lines.join('\n')}\n`;
}

/** Counts per stage for one version of the definition, or over every version when `version` is undefined. */
export function countsFor(byVersion: readonly { definitionVersion: number; stage: string; count: number }[], version?: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of byVersion) if (version === undefined || row.definitionVersion === version) counts.set(row.stage, (counts.get(row.stage) ?? 0) + row.count);
  return counts;
}
