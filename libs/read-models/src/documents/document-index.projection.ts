import type { Pool, PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { RecordedEvent } from '@laurel/event-store';
import { upsertRows } from '../sql';
import { INITIATIVE_VIEWS } from '../initiatives/initiatives.reader';

/** The events official documents are found by: a decision by its number, a submission by its council, a public decision by its id. */
export const DOCUMENT_INDEX_TYPES = ['AwardGranted', 'AwardRevoked', 'InitiativePublished', 'ReviewOpened'] as const;

/** Event types of a published initiative whose proofs anyone may fetch: the public decisions. */
export const PUBLIC_DECISION_TYPES = ['InitiativePublished', 'AwardGranted', 'AwardRevoked'] as const;

interface Row {
  event_id: string;
  stream_name: string;
  initiative_id: string;
  event_type: string;
  position: string;
  decision_no: string | null;
  council_id: string | null;
}

/** A data field as PostgreSQL's `data->>'field'` gives it: text as is, other JSON as its JSON text, null when absent. */
function fieldText(data: unknown, field: string): string | null {
  const value = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `document_index`: the events of initiative streams that official documents are looked up by, keyed
 * the way the look-ups ask — a decision (AwardGranted) by its decision number, a submission
 * (ReviewOpened) by its council, a public decision (publication, award, revocation) by its event id.
 * The documents' facts are still folded from the streams, read through the port; this only says which
 * streams to read, so it works on every event store (docs/documents.md).
 */
export const documentIndexProjection: Projection = {
  name: 'document_index',
  version: 1,
  filter: { categories: ['initiative'], types: DOCUMENT_INDEX_TYPES },
  tables: ['events'],

  async setup(db: PoolClient, t: ProjectionTables) {
    const events = t.name('events');
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${events} (
        event_id uuid PRIMARY KEY, stream_name text NOT NULL, initiative_id text NOT NULL, event_type text NOT NULL,
        position text COLLATE "C" NOT NULL, decision_no text, council_id text);
      CREATE INDEX IF NOT EXISTS ${events}_decision ON ${events} (decision_no, stream_name) WHERE event_type = 'AwardGranted';
      CREATE INDEX IF NOT EXISTS ${events}_council ON ${events} (council_id, stream_name) WHERE event_type = 'ReviewOpened';`);
  },

  async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
    const rows: Row[] = events
      .filter((e) => e.streamName.startsWith('initiative-') && (DOCUMENT_INDEX_TYPES as readonly string[]).includes(e.type))
      .map((e) => ({
        event_id: e.eventId,
        stream_name: e.streamName,
        initiative_id: e.streamName.slice('initiative-'.length),
        event_type: e.type,
        position: e.position,
        decision_no: e.type === 'AwardGranted' ? fieldText(e.data, 'decisionNo') : null,
        council_id: e.type === 'ReviewOpened' ? fieldText(e.data, 'councilId') : null,
      }));
    // An event is written once and never changes: replaying it is a no-op.
    await upsertRows(db, t.name('events'), ['event_id', 'stream_name', 'initiative_id', 'event_type', 'position', 'decision_no', 'council_id'], ['event_id'], rows, 'nothing');
  },
};

/** Where the queries read: the stable view of the active version (or a given table version: tests). */
export const DOCUMENT_INDEX_VIEW = 'rm_document_index_events';

/** Initiatives whose stream holds an AwardGranted with this decision number, in stream-name order. */
export async function initiativesWithDecision(db: Pool | PoolClient, decisionNo: string, source = DOCUMENT_INDEX_VIEW): Promise<string[]> {
  const { rows } = await db.query<{ initiative_id: string }>(
    `SELECT DISTINCT stream_name, initiative_id FROM ${source} WHERE event_type = 'AwardGranted' AND decision_no = $1 ORDER BY stream_name`,
    [decisionNo],
  );
  return rows.map((r) => r.initiative_id);
}

/** Initiatives whose stream holds a ReviewOpened of this council, in stream-name order. */
export async function initiativesReviewedBy(db: Pool | PoolClient, councilId: string, source = DOCUMENT_INDEX_VIEW): Promise<string[]> {
  const { rows } = await db.query<{ initiative_id: string }>(
    `SELECT DISTINCT stream_name, initiative_id FROM ${source} WHERE event_type = 'ReviewOpened' AND council_id = $1 ORDER BY stream_name`,
    [councilId],
  );
  return rows.map((r) => r.initiative_id);
}

/**
 * Whether the event is a public decision (publication, award, revocation) of an initiative that is
 * published and neither revoked nor withdrawn. False before the read models exist.
 */
export async function isPublishedDecisionEvent(db: Pool | PoolClient, eventId: string): Promise<boolean> {
  const { rows } = await db
    .query(
      `SELECT 1 FROM ${DOCUMENT_INDEX_VIEW} d JOIN ${INITIATIVE_VIEWS.initiatives} i ON i.initiative_id = d.initiative_id
        WHERE d.event_id = $1 AND d.event_type = ANY ($2)
          AND i.published_at IS NOT NULL AND i.status NOT IN ('revoked', 'withdrawn')`,
      [eventId, PUBLIC_DECISION_TYPES],
    )
    .catch((error: { code?: string }) => (error.code === '42P01' ? { rows: [] } : Promise.reject(error)));
  return rows.length > 0;
}
