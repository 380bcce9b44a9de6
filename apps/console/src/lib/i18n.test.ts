import { describe, expect, it } from 'vitest';
import { registeredCatalogues } from './i18n';
import './messages';
// Every feature's catalogue registers on import: load them all.
import.meta.glob('../features/**/messages.ts', { eager: true });

describe('catalogues', () => {
  it('every string exists in Vietnamese and in English', () => {
    expect(registeredCatalogues().size).toBeGreaterThan(1);
    for (const [namespace, { vi, en }] of registeredCatalogues()) {
      expect({ namespace, keys: Object.keys(en).sort() }).toEqual({ namespace, keys: Object.keys(vi).sort() });
      for (const [key, value] of [...Object.entries(vi), ...Object.entries(en)]) expect({ namespace, key, empty: value.trim() === '' }).toEqual({ namespace, key, empty: false });
    }
  });
});
