import { describe, expect, it } from 'vitest';
import type { RegisteredUnit } from './api';
import { buildUnitTree, filterTree } from './unit-tree';

const u = (unitId: string, name: string, level: string, parentId?: string): RegisteredUnit => ({ status: 'registered', unitId, name, level, ...(parentId ? { parentId } : {}) });

describe('the unit tree', () => {
  const units = [u('ward-b', 'Phường Trúc Bạch', 'ward', 'ba-dinh'), u('hanoi', 'Hà Nội', 'province'), u('ba-dinh', 'Ba Đình', 'district', 'hanoi'), u('ward-a', 'Phường Điện Biên', 'ward', 'ba-dinh'), u('lost', 'Orphan', 'ward', 'gone')];
  it('nests children under their parent, siblings by name, and keeps units whose parent is unknown as roots', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.unit.unitId)).toEqual(['hanoi', 'lost']);
    expect(tree[0].children.map((n) => n.unit.unitId)).toEqual(['ba-dinh']);
    expect(tree[0].children[0].children.map((n) => n.unit.name)).toEqual(['Phường Điện Biên', 'Phường Trúc Bạch']);
  });
  it('filters by name ignoring diacritics, keeping the path to each match', () => {
    const found = filterTree(buildUnitTree(units), 'truc bach');
    expect(found.map((n) => n.unit.unitId)).toEqual(['hanoi']);
    expect(found[0].children[0].children.map((n) => n.unit.unitId)).toEqual(['ward-b']);
    expect(filterTree(buildUnitTree(units), 'dien bien')[0].children[0].children.map((n) => n.unit.unitId)).toEqual(['ward-a']);
  });
});
