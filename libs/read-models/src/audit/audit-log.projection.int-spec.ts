import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type RecordedEvent } from '@laurel/event-store';
import type { ProjectionTables } from '@laurel/projections';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { InvalidCursor } from '../cursor';
import { auditLogProjection } from './audit-log.projection';
import { auditLog, auditLogQuery, type AuditEntry, type AuditFilter } from './audit-log.reader';

/*
 * The audit_log read model's time windows: pages in log order over a log whose recording times are
 * out of order (a long append is recorded at its start and lands after later ones), compared with a
 * plain filter of the whole log, for every window between the recording times and every page size.
 */
describe('audit log read model: time windows in log order', () => {
  let bench: ReadModelBench;
  let tables: ProjectionTables;
  let log: RecordedEvent[];
  const base = Date.parse('2025-06-02T10:00:00.000Z');
  // Seconds after base of each append, in log order: 3 is recorded 7 s before 2, 6 lands 30 s late.
  const offsets = [0, 5, -2, 10, 10, 20, -10, 60, 61, 61.5];

  beforeAll(async () => {
    bench = await ReadModelBench.open();
    const times = offsets.map((s) => new Date(base + s * 1000));
    const store = new InMemoryEventStore(() => times.shift() ?? new Date(base + 3_600_000));
    for (const [i] of offsets.entries()) {
      await store.appendToStream(`audittest-${i % 3}`, [{ eventId: randomUUID(), type: `E${i}`, data: { i }, metadata: { actor: { id: i % 2 ? 'odd' : 'even' } } }], { expectedVersion: 'any' });
    }
    log = (await store.readAll({ batchSize: 100 })).events;
    tables = await bench.tables(auditLogProjection);
    // In three batches, the last one given twice: a replay changes nothing.
    await bench.apply(auditLogProjection, tables, log.slice(0, 4));
    await bench.apply(auditLogProjection, tables, log.slice(4, 7));
    await bench.apply(auditLogProjection, tables, log.slice(4));
    await bench.apply(auditLogProjection, tables, log.slice(4));
  });
  afterAll(() => bench.close());

  async function pages(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await auditLog(bench.pool, filter, { limit, cursor }, tables.name('events'));
      entries.push(...page.items);
      if (!page.nextCursor) return entries;
      cursor = page.nextCursor;
    }
    throw new Error('no end');
  }
  const inWindow = (filter: AuditFilter) =>
    log.filter((e) => (filter.from === undefined || e.recordedAt >= filter.from) && (filter.to === undefined || e.recordedAt < filter.to) && (filter.actorId === undefined || e.metadata.actor?.id === filter.actorId));

  it('holds every event once, in log order', async () => {
    expect((await pages({}, 3)).map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    const { rows } = await bench.pool.query<{ late_ms: string }>(`SELECT late_ms FROM ${tables.name('events')} ORDER BY position DESC LIMIT 1`);
    expect(Number(rows[0].late_ms)).toBe(30_000);
  });

  it('answers every window as a filter of the whole log would, page by page, in log order', async () => {
    const instants = [...new Set(offsets.flatMap((s) => [s - 0.001, s, s + 0.001]))].map((s) => new Date(base + s * 1000).toISOString());
    const windows: AuditFilter[] = [];
    for (const from of instants) {
      windows.push({ from });
      windows.push({ to: from });
      for (const to of instants) if (to > from) windows.push({ from, to });
    }
    windows.push({ from: instants[3], to: instants[20], actorId: 'odd' });
    for (const filter of windows) {
      const expected = inWindow(filter).map((e) => e.type);
      for (const limit of [1, 2, 50]) expect({ filter, limit, types: (await pages(filter, limit)).map((e) => e.type) }).toEqual({ filter, limit, types: expected });
    }
  });

  it('a window walks one index range from its cursor, in log order (no sort of the window)', async () => {
    const first = await auditLog(bench.pool, { from: new Date(base).toISOString() }, { limit: 1 }, tables.name('events'));
    const query = auditLogQuery(tables.name('events'), { from: new Date(base).toISOString(), to: new Date(base + 15_000).toISOString() }, { limit: 2, cursor: first.nextCursor as string });
    // The table is tiny, so the planner would rather sort a few rows: forbid that, and see the index give the order.
    const db = await bench.pool.connect();
    try {
      await db.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain(`Index Scan using ${tables.name('events')}_recorded`);
      expect(plan).not.toMatch(/\bSort\b/);
    } finally {
      await db.query('RESET ALL');
      db.release();
    }
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(auditLog(bench.pool, { from: new Date(base).toISOString() }, { limit: 1, cursor: 'nope' }, tables.name('events'))).rejects.toBeInstanceOf(InvalidCursor);
  });
});
