import type { PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { EventMetadata, RecordedEvent } from '@laurel/event-store';
import { upsertRows } from '../sql';

/** Keys whose value would tell what a member chose in a secret ballot: never leave the store. */
const SECRET_KEYS = new Set(['sealedChoice', 'sealedChoices', 'revealedChoices']);

/** A deep copy without any secret-ballot choice, wherever it sits. */
export function withoutBallotSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutBallotSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, v]) => [k, withoutBallotSecrets(v)])) as T;
}

const COLUMNS = ['position', 'stream_name', 'stream_version', 'event_id', 'event_type', 'actor_id', 'data', 'metadata', 'recorded_at', 'recorded_max', 'late_ms'] as const;

/**
 * `audit_log`: every event of the log, in a table indexed for the audit log's filters (actor, type,
 * stream, time window) and paged in log order by its position. The log itself stays in the event
 * store (PostgreSQL's es_events or KurrentDB); this copy is what GET /audit/events and its CSV read,
 * on any store. Secret-ballot choices are stripped before a row is written, so the copy never holds
 * one (bump the version when SECRET_KEYS grows: the rebuild writes the table again).
 *
 * Time windows: `recorded_at` follows the log's order only roughly (an append's events carry its
 * start; a long append commits after later ones). Each row also keeps `recorded_max`, the latest
 * `recorded_at` up to it in log order — non-decreasing, so (recorded_max, position) is the log's
 * order — and `late_ms`, the most any row up to it lags behind that maximum. A row recorded in
 * [from, to) then has recorded_max in [from, to + late_ms of the last row): one range of one index,
 * walked in log order from the cursor, so a window's page costs its rows (audit-log.reader.ts).
 */
export const auditLogProjection: Projection = {
  name: 'audit_log',
  version: 1,
  tables: ['events'],

  async setup(db: PoolClient, t: ProjectionTables) {
    const events = t.name('events');
    // Positions are fixed-width lower-case hex: byte order ("C") is the log's order.
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${events} (
        position text COLLATE "C" PRIMARY KEY, stream_name text NOT NULL, stream_version bigint NOT NULL, event_id uuid NOT NULL,
        event_type text NOT NULL, actor_id text, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL,
        recorded_max timestamptz NOT NULL, late_ms bigint NOT NULL);
      CREATE INDEX IF NOT EXISTS ${events}_actor ON ${events} (actor_id, position);
      CREATE INDEX IF NOT EXISTS ${events}_type ON ${events} (event_type, position);
      CREATE INDEX IF NOT EXISTS ${events}_stream ON ${events} (stream_name, position);
      CREATE INDEX IF NOT EXISTS ${events}_recorded ON ${events} (recorded_max, position);`);
  },

  async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
    // The table holds a prefix of the log: events up to its last row are there already.
    const { rows: last } = await db.query<{ position: string; recorded_max: Date; late_ms: string }>(
      `SELECT position, recorded_max, late_ms FROM ${t.name('events')} ORDER BY position DESC LIMIT 1`,
    );
    let max = last[0] ? last[0].recorded_max.getTime() : Number.NEGATIVE_INFINITY;
    let late = last[0] ? Number(last[0].late_ms) : 0;
    const rows = [];
    for (const e of events) {
      if (last[0] && e.position <= last[0].position) continue;
      const at = Date.parse(e.recordedAt);
      max = Math.max(max, at);
      late = Math.max(late, max - at);
      rows.push({
        position: e.position,
        stream_name: e.streamName,
        stream_version: e.streamVersion,
        event_id: e.eventId,
        event_type: e.type,
        actor_id: actorOf(e.metadata),
        data: withoutBallotSecrets(e.data),
        metadata: withoutBallotSecrets(e.metadata),
        recorded_at: e.recordedAt,
        recorded_max: new Date(max).toISOString(),
        late_ms: late,
      });
    }
    await upsertRows(db, t.name('events'), COLUMNS, ['position'], rows, 'nothing');
  },
};

/** The actor's id as `metadata->'actor'->>'id'` reads it. */
function actorOf(metadata: EventMetadata): string | null {
  const id = (metadata?.actor as { id?: unknown } | undefined)?.id;
  if (id === undefined || id === null) return null;
  return typeof id === 'string' ? id : JSON.stringify(id);
}

/** Where the queries read: the stable view of the active version. */
export const AUDIT_LOG_VIEW = 'rm_audit_log_events';
