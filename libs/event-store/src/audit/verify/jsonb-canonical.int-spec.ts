import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { canonicalParsedJson } from '../canonical';
import { CopyOut } from './copy-out';
import { jsonbToCanonical } from './jsonb-canonical';
import { UNBOUNDED } from './range-read';

/**
 * The fast pass assumes jsonb's exact output form (jsonb-canonical.ts): checked here against what
 * this PostgreSQL writes, through the same binary COPY the verifier reads.
 */
const NAMES = ['a', 'b', 'id', 'role', 'actor', 'score', 'decisionNo', 'occurredAt', 'aa', 'é', '€', '😀', '\ufb33', 'line\nbreak', 'quote"d', 'back\\slash', 'ctl\u0001', '', 'A'];
const STRINGS = ['', 'x', 'Quyết định 12/QĐ-UBND', 'tab\there', 'nl\n', 'cr\r', 'ff\f', 'bs\b', 'ctl\u0001\u001f\u0007', 'quote "q"', 'back\\', '€😀\u2028\u2029', '/slash/', '\u007f'];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -2.25, 0.1, 1e21, 1e-7, 123456789012345, 1234567890123456, 1.2345678901234567e19, 2 ** 53, 5e-324, 1.7976931348623157e308, 333333333.3333333, 0.000001];

function sample(next: () => number, depth: number): unknown {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  switch (Math.floor(next() * (depth > 3 ? 4 : 6))) {
    case 0:
      return pick(STRINGS) + pick(STRINGS);
    case 1:
      return pick(NUMBERS) * (next() < 0.5 ? 1 : next());
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick(STRINGS);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => sample(next, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 7); i > 0; i--) out[pick(NAMES)] = sample(next, depth + 1);
      return out;
    }
  }
}

describe("jsonb text to RFC 8785 bytes, on this PostgreSQL's own output", () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('CREATE TEMP TABLE samples (id int, v jsonb)');
  });

  afterAll(async () => {
    await client.end();
  });

  it('converts every value as JSON.parse and canonical.ts do, without falling back', async () => {
    let state = randomBytes(4).readUInt32BE(0);
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const values = Array.from({ length: 2000 }, (_, i) => ({ i, payload: sample(next, 0) }));
    // Input forms the stored text normalises: other spacing, escapes, exponents, trailing zeros, duplicate names.
    const texts = [...values.map((v) => JSON.stringify(v)), '{"a":1.50,"b":1E2,"c":-0,"d":"\\u0041\\/","b":3}', '[1e-7, 0.000000100, 100000000000000000000000]', '{ "z" : { "y" : [ ] , "x" : { } } }'];
    await client.query('INSERT INTO samples SELECT i, v::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i)', [texts]);

    const seen: { fast: string | -1; slow: string }[] = [];
    const copy = new CopyOut('COPY (SELECT v, v::text FROM samples ORDER BY id) TO STDOUT (FORMAT binary)', 2, (row, f) => {
      const output = Buffer.alloc(f[1] + 16);
      const end = jsonbToCanonical(row, f[0] + 1, f[0] + f[1], output, 0);
      seen.push({ fast: end < 0 ? -1 : output.toString('utf8', 0, end), slow: canonicalParsedJson(JSON.parse(row.toString('utf8', f[2], f[2] + f[3]))) });
    });
    client.query(copy);
    expect(await copy.done).toBe(texts.length);
    expect(seen).toHaveLength(texts.length);
    for (const { fast, slow } of seen) expect(fast).toBe(slow);
  });

  it("runs a COPY far longer than its session's request timeouts (a range of the log is one statement)", async () => {
    // The pool settings Laurel's processes use, shrunk to 1 ms: the server's statement_timeout and pg's query_timeout.
    const timed = new Client({ connectionString: process.env.DATABASE_URL, statement_timeout: 1, query_timeout: 1 });
    await timed.connect();
    try {
      const setup = (text: string) => {
        const query = { text, query_timeout: 60_000 };
        return timed.query(query);
      };
      await setup('BEGIN');
      await setup(UNBOUNDED);
      const copy = new CopyOut("COPY (SELECT g, repeat('x', 200) FROM generate_series(1, 200000) AS g) TO STDOUT (FORMAT binary)", 2, () => undefined);
      timed.query(copy);
      expect(await copy.done).toBe(200_000);
      await setup('ROLLBACK');
    } finally {
      await timed.end();
    }
  });

  it('fails a COPY that stops sending', async () => {
    const stalled = new Client({ connectionString: process.env.DATABASE_URL });
    stalled.on('error', () => undefined);
    await stalled.connect();
    try {
      const copy = new CopyOut('COPY (SELECT pg_sleep(60)) TO STDOUT (FORMAT binary)', 1, () => undefined, 300);
      stalled.query(copy);
      await expect(copy.done).rejects.toThrow(/stalled/);
    } finally {
      await stalled.end().catch(() => undefined);
    }
  });

  it('reports an error of the COPY', async () => {
    const copy = new CopyOut('COPY (SELECT 1/0) TO STDOUT (FORMAT binary)', 1, () => undefined);
    client.query(copy);
    await expect(copy.done).rejects.toThrow(/division by zero/);
    // The connection goes on.
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
