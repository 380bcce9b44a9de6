import type { PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { RecordedEvent } from '@laurel/event-store';
import { upsertRows } from '../sql';

/** A mark at least every this many events… */
export const MARK_EVERY_EVENTS = 1000;
/** …and whenever the latest recording time has moved on by this much since the last mark. */
export const MARK_EVERY_MS = 3_600_000;

const MARK_COLUMNS = ['position', 'recorded_max', 'late_ms'] as const;
const HEAD_COLUMNS = ['id', 'position', 'recorded_max', 'late_ms', 'mark_max', 'since_mark'] as const;

interface HeadRow {
  position: string;
  recorded_max: Date;
  late_ms: string;
  mark_max: Date;
  since_mark: number;
}

/**
 * `audit_times`: where in the log a time window lies, for the audit log served straight from
 * PostgreSQL's log (the `audit_log` copy is kept only on other event stores; see audit-source.ts).
 *
 * `recorded_at` follows the log's order only roughly (an append's events carry its start; a long
 * append commits after later ones). Along the log, `recorded_max` — the latest `recorded_at` up to
 * an event — never decreases, and `late_ms`, the most any event up to it lags behind that maximum,
 * bounds how far back a later event can be recorded. This projection keeps those two at sparse
 * marks (every MARK_EVERY_EVENTS events, and whenever `recorded_max` moves on by MARK_EVERY_MS) and
 * at its head (the last event it has seen: one row, updated). A window [from, to) then lies after
 * the last mark whose `recorded_max` is before `from`, and before the first mark whose
 * `recorded_max` is at or past `to + late_ms` of the head: one index range of the log, walked in
 * log order (audit-log.reader.ts). A few thousand rows per million events, written once a batch.
 */
export const auditTimesProjection: Projection = auditTimesWith({ everyEvents: MARK_EVERY_EVENTS, everyMs: MARK_EVERY_MS });

/** The projection with marks as dense as given (tests place windows between close marks). */
export function auditTimesWith(every: { everyEvents: number; everyMs: number }): Projection {
  return {
    name: 'audit_times',
    version: 1,
    tables: ['marks', 'head'],
    // Positions and recording times only: the feed leaves data and metadata out.
    headersOnly: true,

    async setup(db: PoolClient, t: ProjectionTables) {
      // Positions are fixed-width lower-case hex: byte order ("C") is the log's order.
      await db.query(`
        CREATE TABLE IF NOT EXISTS ${t.name('marks')} (
          position text COLLATE "C" PRIMARY KEY, recorded_max timestamptz NOT NULL, late_ms bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS ${t.name('marks')}_recorded ON ${t.name('marks')} (recorded_max, position);
        CREATE TABLE IF NOT EXISTS ${t.name('head')} (
          id boolean PRIMARY KEY CHECK (id), position text COLLATE "C" NOT NULL, recorded_max timestamptz NOT NULL,
          late_ms bigint NOT NULL, mark_max timestamptz NOT NULL, since_mark integer NOT NULL);`);
    },

    async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
      const { rows } = await db.query<HeadRow>(`SELECT position, recorded_max, late_ms, mark_max, since_mark FROM ${t.name('head')}`);
      const head = rows[0];
      let position = head?.position;
      let max = head ? head.recorded_max.getTime() : Number.NEGATIVE_INFINITY;
      let late = head ? Number(head.late_ms) : 0;
      let markMax = head ? head.mark_max.getTime() : Number.NEGATIVE_INFINITY;
      let sinceMark = head?.since_mark ?? 0;
      const marks: { position: string; recorded_max: string; late_ms: number }[] = [];
      for (const e of events) {
        // The head is a prefix of the log: events up to it are counted already (a replay changes nothing).
        if (position !== undefined && e.position <= position) continue;
        const at = Date.parse(e.recordedAt);
        max = Math.max(max, at);
        late = Math.max(late, max - at);
        position = e.position;
        sinceMark += 1;
        if (sinceMark >= every.everyEvents || max - markMax >= every.everyMs) {
          marks.push({ position, recorded_max: new Date(max).toISOString(), late_ms: late });
          markMax = max;
          sinceMark = 0;
        }
      }
      if (position === undefined || position === head?.position) return;
      await upsertRows(db, t.name('marks'), MARK_COLUMNS, ['position'], marks, 'nothing');
      await upsertRows(db, t.name('head'), HEAD_COLUMNS, ['id'], [
        { id: true, position, recorded_max: new Date(max).toISOString(), late_ms: late, mark_max: new Date(markMax).toISOString(), since_mark: sinceMark },
      ]);
    },
  };
}

/** Where the queries read: the stable views of the active version. */
export const AUDIT_TIMES_VIEWS = { marks: 'rm_audit_times_marks', head: 'rm_audit_times_head' } as const;
