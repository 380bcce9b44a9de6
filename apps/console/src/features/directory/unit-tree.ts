import type { RegisteredUnit } from './api';

export interface UnitNode {
  unit: RegisteredUnit;
  children: UnitNode[];
}

/**
 * The unit tree from the flat list: children under their parent, siblings by name; a unit whose
 * parent is not in the list is a root (so nothing is ever dropped). Cycles cannot occur (a parent
 * must exist before its child is registered), but a node is placed once at most regardless.
 */
export function buildUnitTree(units: readonly RegisteredUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.unitId, { unit: u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The nodes matching a text (name or id, diacritics ignored) with the path down to them kept. */
export function filterTree(roots: readonly UnitNode[], text: string): UnitNode[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  const q = fold(text.trim());
  if (!q) return [...roots];
  const walk = (list: readonly UnitNode[]): UnitNode[] =>
    list.flatMap((n) => {
      const children = walk(n.children);
      return fold(n.unit.name).includes(q) || fold(n.unit.unitId).includes(q) || children.length > 0 ? [{ unit: n.unit, children }] : [];
    });
  return walk(roots);
}
