import { randomUUID } from 'node:crypto';
import { logPageStatement, START, type LogPageQuery, type RecordedEvent } from '@laurel/event-store';
import type { ProjectionTables } from '@laurel/projections';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { InvalidCursor } from '../cursor';
import { auditLogFromLog, type AuditEntry, type AuditFilter } from './audit-log.reader';
import { auditTimesWith } from './audit-times.projection';

/*
 * The audit log served from PostgreSQL's log: pages in log order over a log whose recording times
 * are out of order (a long append is recorded at its start and lands after later ones), placed by
 * the marks of audit_times — dense, sparse, or only the head — and compared with a plain filter of
 * the whole log, for every window between the recording times and every page size.
 */
describe('audit log from the event log: time windows in log order', () => {
  let bench: ReadModelBench;
  let log: RecordedEvent[];
  const tag = `audittimes${randomUUID().slice(0, 8)}`;
  // Far from every other test's events (recorded now): the windows hold this test's alone.
  const base = Date.parse('2099-06-02T10:00:00.000Z');
  // Seconds after base of each append, in log order: 3 is recorded 7 s before 2, 6 lands 30 s late.
  const offsets = [0, 5, -2, 10, 10, 20, -10, 60, 61, 61.5, 7200, 7201];
  const streams = [0, 1, 2].map((i) => `${tag}-${i}`);
  // A mark at every event, at every second the maximum moves on, and only at the first event.
  const densities = [
    { everyEvents: 1, everyMs: 3_600_000 },
    { everyEvents: 1_000_000, everyMs: 1000 },
    { everyEvents: Number.POSITIVE_INFINITY, everyMs: Number.POSITIVE_INFINITY },
  ];
  const versions: { every: (typeof densities)[number]; tables: ProjectionTables }[] = [];

  beforeAll(async () => {
    bench = await ReadModelBench.open();
    const ids: string[] = [];
    for (const [i] of offsets.entries()) {
      const eventId = randomUUID();
      ids.push(eventId);
      const data = i === 4 ? { i, sealedChoice: 'ciphertext', nested: [{ revealedChoices: ['approve'] }] } : { i };
      await bench.store.appendToStream(streams[i % 3], [{ eventId, type: `${tag}E${i}`, data, metadata: { actor: { id: i % 2 ? `${tag}-odd` : `${tag}-even` } } }], { expectedVersion: 'any' });
    }
    // The store records an append's start; here, chosen recording times (not part of the hash chain).
    for (const [i, id] of ids.entries()) await bench.pool.query('UPDATE es_events SET recorded_at = $2 WHERE event_id = $1', [id, new Date(base + offsets[i] * 1000)]);
    log = [];
    // To the end, and on until the feed holds every event appended here: another run's open
    // transaction in the cluster can hold the feed's horizon for a while.
    const deadline = Date.now() + 10_000;
    for (let result = await bench.store.readAll({ batchSize: 5000 }); ; result = await bench.store.readAll({ after: result.checkpoint, batchSize: 5000 })) {
      log.push(...result.events);
      if (result.isEnd && (log.filter((e) => e.type.startsWith(tag)).length >= ids.length || Date.now() > deadline)) break;
      if (result.isEnd) await new Promise((r) => setTimeout(r, 20));
    }
    const ours = log.filter((e) => e.type.startsWith(tag));
    expect(ours.map((e) => e.eventId)).toEqual(ids);
    for (const every of densities) {
      const projection = auditTimesWith(every);
      const tables = await bench.tables(projection);
      // In batches, the last one given twice: a replay changes nothing.
      const cut = log.length - 8;
      await bench.apply(projection, tables, log.slice(0, cut));
      await bench.apply(projection, tables, log.slice(cut, cut + 4));
      await bench.apply(projection, tables, log.slice(cut + 2));
      await bench.apply(projection, tables, log.slice(cut + 2));
      versions.push({ every, tables });
    }
  });
  afterAll(() => bench.close());

  const views = (t: ProjectionTables) => ({ marks: t.name('marks'), head: t.name('head') });

  async function pages(tables: ProjectionTables, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 200; n++) {
      const page = await auditLogFromLog(bench.pool, filter, { limit, cursor }, views(tables));
      entries.push(...page.items);
      if (!page.nextCursor) return entries;
      cursor = page.nextCursor;
    }
    throw new Error('no end');
  }
  const matching = (filter: AuditFilter) =>
    log.filter(
      (e) =>
        (filter.from === undefined || e.recordedAt >= filter.from) &&
        (filter.to === undefined || e.recordedAt < filter.to) &&
        (filter.actorId === undefined || e.metadata.actor?.id === filter.actorId) &&
        (filter.stream === undefined || e.streamName === filter.stream) &&
        (filter.type === undefined || e.type === filter.type),
    );

  it('holds every event of the log once, in log order, up to the head it has seen', async () => {
    for (const { tables } of versions) expect((await pages(tables, {}, 500)).map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
  });

  it('answers every window as a filter of the whole log would, page by page, in log order, whatever the marks', async () => {
    const instants = [...new Set(offsets.flatMap((s) => [s - 0.001, s, s + 0.001]))].map((s) => new Date(base + s * 1000).toISOString());
    const windows: AuditFilter[] = [];
    for (const from of instants) {
      windows.push({ from });
      windows.push({ to: from, stream: streams[1] });
      for (const to of instants) if (to > from) windows.push({ from, to });
    }
    windows.push({ from: instants[3], to: instants[20], actorId: `${tag}-odd` });
    windows.push({ from: instants[0], to: instants[30], type: `${tag}E6` });
    // About 40,000 page queries: the six walks (marks × page size) run side by side, each on its own
    // connection, so the test takes a few seconds alone and stays well within its time on a loaded machine.
    await Promise.all(
      versions.flatMap(({ every, tables }) =>
        [1, 3].map(async (limit) => {
          for (const filter of windows) {
            const types = (await pages(tables, filter, limit)).map((e) => e.type);
            expect({ every, filter, limit, types }).toEqual({ every, filter, limit, types: matching(filter).map((e) => e.type) });
          }
        }),
      ),
    );
  }, 180_000);

  it('marks are sparse: one a batch at most per MARK_EVERY_EVENTS, and the head is one row', async () => {
    const sparse = versions[2].tables;
    const { rows } = await bench.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sparse.name('marks')}`);
    expect(rows[0].n).toBe(1); // the first event only: neither threshold is reached afterwards
    const head = await bench.pool.query<{ position: string; late_ms: string }>(`SELECT position, late_ms FROM ${sparse.name('head')}`);
    expect(head.rows).toEqual([{ position: log[log.length - 1].position, late_ms: head.rows[0].late_ms }]);
    expect(Number(head.rows[0].late_ms)).toBeGreaterThanOrEqual(30_000);
  });

  it('strips secret-ballot choices, wherever they sit', async () => {
    const entries = await pages(versions[0].tables, { stream: streams[1], type: `${tag}E4` }, 10);
    expect(entries.map((e) => e.data)).toEqual([{ i: 4, nested: [{}] }]);
  });

  it('a page walks one index range of the log in log order, whatever the filter (no sort of what matches)', async () => {
    const head = log[log.length - 1].position;
    const plans: [Partial<LogPageQuery>, string][] = [
      [{}, 'es_events_global_order'],
      [{ after: log[2].position }, 'es_events_global_order'],
      [{ actorId: `${tag}-odd` }, 'es_events_actor'],
      [{ type: `${tag}E6` }, 'es_events_type'],
      [{ from: new Date(base).toISOString(), to: new Date(base + 60_000).toISOString(), after: log[2].position, upToExclusive: true }, 'es_events_global_order'],
    ];
    const db = await bench.pool.connect();
    try {
      // On a small table the planner would rather sort a few rows: forbid that, and see an index give the order.
      await db.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
      for (const [query, index] of plans) {
        const statement = logPageStatement({ after: START, upTo: head, limit: 51, ...query });
        const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect({ query, plan }).toEqual({ query, plan: expect.stringContaining(`Index Scan using ${index}`) });
        expect({ query, plan }).toEqual({ query, plan: expect.not.stringMatching(/\bSort\b/) });
      }
    } finally {
      await db.query('RESET ALL');
      db.release();
    }
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(auditLogFromLog(bench.pool, { from: new Date(base).toISOString() }, { limit: 1, cursor: 'nope' }, views(versions[0].tables))).rejects.toBeInstanceOf(InvalidCursor);
  });
});
