import ExcelJS from 'exceljs';

/** One initiative as the statistics read model holds it. */
export interface ReportRow {
  unitId: string;
  level: string | null;
  field: string;
  status: string;
  year: number;
  awardForm: string | null;
  nominated: boolean;
  recommended: boolean;
  awarded: boolean;
  published: boolean;
  replicated: boolean;
  revoked: boolean;
}

export interface ReportUnit {
  unitId: string;
  name: string;
  level: string;
  parentId?: string;
}

export interface ReportInput {
  unitId: string;
  year?: number;
  movementId?: string;
  units: ReportUnit[];
  rows: ReportRow[];
  movements: { movementId: string; title: string; organizerUnitId: string; startsOn: string; kind: string }[];
  replications: { unitId: string; level: string; adoptingUnitId: string; initiativeKey: string }[];
}

export interface ReportTable {
  name: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface AnnualReport {
  unitId: string;
  units: string[];
  tables: ReportTable[];
  totals: { initiatives: number; funnel: Record<'registered' | 'nominated' | 'recommended' | 'awarded' | 'published' | 'replicated', number> };
}

/** The unit and every unit below it (by parentId), the unit first. */
export const subtree = (units: readonly ReportUnit[], root: string): string[] => {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.unitId]);
  const out: string[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const id = queue.shift() as string;
    if (out.includes(id)) continue;
    out.push(id);
    queue.push(...(children.get(id) ?? []).sort());
  }
  return out;
};

const counted = <K extends string>(items: readonly Record<K, string | number | null>[], keys: readonly K[]): (string | number)[][] => {
  const counts = new Map<string, { key: (string | number)[]; n: number }>();
  for (const item of items) {
    const key = keys.map((k) => item[k] ?? '');
    const id = JSON.stringify(key);
    const c = counts.get(id) ?? { key, n: 0 };
    c.n++;
    counts.set(id, c);
  }
  return [...counts.values()].sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1)).map((c) => [...c.key, c.n]);
};

/**
 * The annual statistics of a unit and the units below it: initiatives by level × field × year and
 * by status, awards by form and level, replications by level, the funnel, movements, units.
 */
export const annualReport = (input: ReportInput): AnnualReport => {
  const scope = new Set(subtree(input.units, input.unitId));
  const rows = input.rows.filter((r) => scope.has(r.unitId));
  const funnel = {
    registered: rows.length,
    nominated: rows.filter((r) => r.nominated).length,
    recommended: rows.filter((r) => r.recommended).length,
    awarded: rows.filter((r) => r.awarded).length,
    published: rows.filter((r) => r.published).length,
    replicated: rows.filter((r) => r.replicated).length,
  };
  const awarded = rows.filter((r) => r.awarded);
  const awards = counted(awarded.map((r) => ({ form: r.awardForm ?? '', level: r.level ?? '' })), ['form', 'level']).map((row) => {
    const revoked = awarded.filter((r) => (r.awardForm ?? '') === row[0] && (r.level ?? '') === row[1] && r.revoked).length;
    return [...row, revoked];
  });
  const replications = input.replications.filter((r) => scope.has(r.unitId));
  const byLevel = new Map<string, { units: Set<string>; n: number; initiatives: Set<string> }>();
  for (const r of replications) {
    const l = byLevel.get(r.level) ?? { units: new Set(), n: 0, initiatives: new Set() };
    l.units.add(r.adoptingUnitId);
    l.n++;
    l.initiatives.add(r.initiativeKey);
    byLevel.set(r.level, l);
  }
  const unitName = new Map(input.units.map((u) => [u.unitId, u]));
  const perUnit = new Map<string, number>();
  for (const r of rows) perUnit.set(r.unitId, (perUnit.get(r.unitId) ?? 0) + 1);
  return {
    unitId: input.unitId,
    units: [...scope],
    totals: { initiatives: rows.length, funnel },
    tables: [
      { name: 'initiatives', columns: ['level', 'field', 'year', 'count'], rows: counted(rows, ['level', 'field', 'year'] as const) },
      { name: 'status', columns: ['status', 'count'], rows: counted(rows, ['status'] as const) },
      { name: 'awards', columns: ['award_form', 'level', 'awarded', 'revoked'], rows: awards },
      { name: 'replications', columns: ['level', 'adopting_units', 'replications', 'initiatives'], rows: [...byLevel.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([level, l]) => [level, l.units.size, l.n, l.initiatives.size]) },
      { name: 'funnel', columns: ['stage', 'count'], rows: Object.entries(funnel) },
      {
        name: 'movements',
        columns: ['movement_id', 'title', 'kind', 'organizer_unit_id', 'starts_on'],
        rows: input.movements.filter((m) => scope.has(m.organizerUnitId)).map((m) => [m.movementId, m.title, m.kind, m.organizerUnitId, m.startsOn]),
      },
      { name: 'units', columns: ['unit_id', 'name', 'level', 'initiatives'], rows: [...scope].map((id) => [id, unitName.get(id)?.name ?? id, unitName.get(id)?.level ?? '', perUnit.get(id) ?? 0]) },
    ],
  };
};

/** One sheet per table, a bold header row, numbers as numbers. */
export const reportXlsx = async (report: AnnualReport, meta: { title: string }): Promise<Buffer> => {
  const book = new ExcelJS.Workbook();
  book.creator = 'Laurel';
  book.title = meta.title;
  for (const table of report.tables) {
    const sheet = book.addWorksheet(table.name);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((c) => (c.width = 22));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
};

/** A CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet does not run it. */
export const csvField = (value: unknown): string => {
  if (typeof value === 'number') return String(value);
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

export const tableCsv = (table: ReportTable): string => csvLine(table.columns) + table.rows.map(csvLine).join('');
