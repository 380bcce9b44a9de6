import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace: one text per value, so one hash. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** SHA-256 of the canonical facts, first 128 bits in hex: what a verification code carries. */
export const factsHash = (facts: unknown): string => createHash('sha256').update(canonicalJson(facts)).digest('hex').slice(0, 32);
