import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from './api';

describe('Idempotency-Keys', () => {
  it('are UUIDv7, fresh for each action and in the order they were made (the API takes their time for the ids it derives)', () => {
    const before = Date.now();
    const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
    const after = Date.now();
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const millis = parseInt(key.slice(0, 8) + key.slice(9, 13), 16);
      expect(millis).toBeGreaterThanOrEqual(before);
      expect(millis).toBeLessThanOrEqual(after);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
  });
});
