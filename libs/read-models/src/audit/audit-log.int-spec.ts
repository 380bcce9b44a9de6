import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { PostgresEventStore } from '@laurel/event-store';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { InvalidCursor } from '../cursor';
import { auditLog, type AuditEntry, type AuditFilter } from './audit-log.reader';

/*
 * The audit log's time window: keyset pages in recording order, and the horizon that keeps a late
 * commit (a transaction that began earlier and commits later, so its events are recorded before
 * events already visible) from ever falling behind a cursor.
 */
jest.setTimeout(60_000);

describe('audit log: a time window', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  const now = async () => (await bench.pool.query<{ t: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`)).rows[0].t;
  const event = (type: string) => ({ eventId: randomUUID(), type, data: { n: type } });

  /** Every entry of a filter, a page of `limit` at a time. */
  async function all(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await auditLog(bench.pool, filter, { limit, cursor });
      entries.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return entries;
  }

  it('pages through the window in recording order, each event once, within the window', async () => {
    const tag = `aw-${randomUUID().slice(0, 8)}`;
    const from = await now();
    for (let i = 0; i < 7; i++) await bench.store.appendToStream(`audittest-${tag}-${i % 3}`, [event(`P${i}a`), event(`P${i}b`)], { expectedVersion: 'any' });
    const to = new Date(Date.now() + 60_000).toISOString();
    const entries = await all({ from, to }, 3);
    const mine = entries.filter((e) => e.streamName.startsWith(`audittest-${tag}-`));
    expect(mine.map((e) => e.type)).toEqual(Array.from({ length: 7 }, (_, i) => [`P${i}a`, `P${i}b`]).flat());
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(entries.length);
    for (const e of entries) expect(e.recordedAt >= from.slice(0, 23)).toBe(true);
    // Recording order, then log order within an instant (the events of one append share theirs).
    const sorted = [...entries].sort((a, b) => (a.recordedAt === b.recordedAt ? (a.position < b.position ? -1 : 1) : a.recordedAt < b.recordedAt ? -1 : 1));
    expect(entries.map((e) => e.eventId)).toEqual(sorted.map((e) => e.eventId));
    // The other filters apply within the window.
    expect((await all({ from, to, stream: `audittest-${tag}-1` }, 2)).map((e) => e.type)).toEqual(['P1a', 'P1b', 'P4a', 'P4b']);
    // `to` is exclusive and `from` inclusive: a window ending where it starts holds nothing.
    expect((await auditLog(bench.pool, { from, to: from }, { limit: 10 })).items).toEqual([]);
  });

  it("refuses the log order's cursor in a window and the window's outside one (400, not a misread)", async () => {
    const from = await now();
    await bench.store.appendToStream(`audittest-c-${randomUUID()}`, [event('C1'), event('C2')], { expectedVersion: 'any' });
    const windowed = await auditLog(bench.pool, { from }, { limit: 1 });
    const plain = await auditLog(bench.pool, {}, { limit: 1 });
    expect(windowed.nextCursor).toEqual(expect.any(String));
    expect(plain.nextCursor).toEqual(expect.any(String));
    await expect(auditLog(bench.pool, {}, { limit: 1, cursor: windowed.nextCursor as string })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(auditLog(bench.pool, { from }, { limit: 1, cursor: plain.nextCursor as string })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('shows nothing recorded after a transaction still open began, so its late commit lands ahead of every cursor', async () => {
    const tag = `late-${randomUUID().slice(0, 8)}`;
    const lateStream = `audittest-${tag}-late`;
    const from = await now();
    await bench.store.appendToStream(`audittest-${tag}-a`, [event('A1')], { expectedVersion: 'any' });
    await bench.store.appendToStream(`audittest-${tag}-a`, [event('A2')], { expectedVersion: 'any' });

    // Hold the late stream's append lock (session-level: no transaction of ours stays open), so its
    // append begins now (its events are recorded at its start) and commits only when we let go.
    const locker: PoolClient = await bench.pool.connect();
    const other = await PostgresEventStore.connect({ pool: bench.pool });
    let late: Promise<unknown> | undefined;
    try {
      await locker.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lateStream]);
      late = other.appendToStream(lateStream, [event('LATE')], { expectedVersion: 'any' });
      for (let i = 0; ; i++) {
        const waiting = await bench.pool.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%es_append_batch%'`);
        if (waiting.rowCount) break;
        if (i > 300) throw new Error('the late append never started waiting for its lock');
        await new Promise((r) => setTimeout(r, 100));
      }
      // Recorded after the late append began, committed before it: not shown yet.
      await bench.store.appendToStream(`audittest-${tag}-b`, [event('B')], { expectedVersion: 'any' });
      const before = (await all({ from }, 1)).filter((e) => e.streamName.startsWith(`audittest-${tag}-`)).map((e) => e.type);
      expect(before).toEqual(['A1', 'A2']);
    } finally {
      await locker.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lateStream]);
      locker.release();
      await late;
      await other.close();
    }
    // Once it commits, the late event comes before B: a reader who had passed B would have missed it.
    const after = (await all({ from }, 1)).filter((e) => e.streamName.startsWith(`audittest-${tag}-`)).map((e) => e.type);
    expect(after).toEqual(['A1', 'A2', 'LATE', 'B']);
  });
});
