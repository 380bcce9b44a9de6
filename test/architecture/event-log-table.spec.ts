import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

/**
 * Everything above the event store port reads the log through the port (readAll, countAll,
 * subscribe, headPosition) or from a read model, so it works on every adapter: with
 * EVENT_STORE=kurrentdb, PostgreSQL's es_events is a stale or empty table (docs/event-store.md).
 * Only these may name the table in SQL:
 */
const ALLOWED: readonly RegExp[] = [
  // The PostgreSQL adapter: the table is its own.
  /^libs\/event-store\/src\/postgres\//,
  // Tamper evidence rests on the PostgreSQL hash chains, and refuses under KurrentDB (audit/availability.ts).
  /^libs\/event-store\/src\/audit\//,
  // The verifier's benchmark, which reads the PostgreSQL log the verifier checks, the PostgreSQL
  // adapter's append benchmark, whose baseline copies the table's rows and indexes, and the scale
  // benchmark with its bulk seeder, which measure the table and write a synthetic history into it
  // as the append function would (test/seed/bulk-seed.e2e-spec.ts checks the result verifies).
  /^scripts\/bench\/(verify|append|scale)\.ts$/,
  /^scripts\/seed\/bulk\.ts$/,
  // Migrations, and tests (which look at the table to check what the adapter wrote).
  /(^|\/)migrations\//,
  /\.(spec|int-spec|e2e-spec|kurrentdb-spec)\.ts$/,
  /^test\//,
  /^libs\/[^/]+\/test\//,
];

const TABLE = /\bes_events\b/;

/** The string and template literals of a TypeScript source that name the table (comments do not count). */
export function tableMentions(fileName: string, source: string): { line: number; text: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (TABLE.test(node.text)) found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: node.text.trim().slice(0, 80) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(rel);
    }
  }
  return out;
}

describe('architecture: the event log is read through the port', () => {
  it('finds the table in SQL strings and templates, not in comments', () => {
    const source = [
      '// es_events in a comment',
      '/** also es_events */',
      "const a = 'SELECT 1 FROM es_events';",
      'const b = `SELECT ${x} FROM es_events WHERE y`;',
      'const c = "es_events_type";',
      "const d = 'my_es_events_copy';",
    ].join('\n');
    expect(tableMentions('probe.ts', source).map((m) => m.line)).toEqual([3, 4]);
  });

  it('no code outside the PostgreSQL adapter, tamper evidence, migrations and tests names es_events', () => {
    const offenders = ['apps', 'libs', 'scripts']
      .flatMap(sourceFiles)
      .filter((file) => !ALLOWED.some((allowed) => allowed.test(file)))
      .flatMap((file) => tableMentions(file, fs.readFileSync(path.join(root, file), 'utf8')).map((m) => `${file}:${m.line}: ${m.text}`));
    expect(offenders).toEqual([]);
  });
});
