import type { Migration } from './migrator';
import { APPEND_BATCH_MIGRATION_003, APPEND_BATCH_WITH_HASHES } from './append-function';

/**
 * The event log.
 *
 * Global order is (transaction_id, global_position). A reader only reads rows whose transaction id is
 * below the oldest transaction still running (pg_snapshot_xmin): every such transaction has finished,
 * and any transaction yet to commit has a larger id, so a row can never appear behind a reader's
 * checkpoint. The sequence alone cannot give that: concurrent transactions commit out of sequence order.
 *
 * es_append_batch takes per-stream advisory locks BEFORE its first write, and the transaction id is assigned
 * at that first write. Two appends to one stream therefore get transaction ids in version order, while
 * appends to different streams never wait for each other.
 */
export const eventStoreMigrations: Migration[] = [
  {
    id: '001-event-log',
    sql: `
CREATE TABLE es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_name text NOT NULL,
  stream_version bigint NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  category text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_name, stream_version)
);
CREATE UNIQUE INDEX es_events_event_id ON es_events (event_id);
CREATE INDEX es_events_global_order ON es_events (transaction_id, global_position);

-- A batch of appends in one transaction and one round trip (group commit). p_batch is a JSON array of
-- { stream, expected, events: [{ eventId, type, data, metadata }] }, at most one append per stream
-- and no event id twice (the caller keeps those for the next batch). Each append keeps its own
-- outcome: 'ok' | 'duplicate' (idempotent retry) | 'wrong_version' | 'foreign_duplicate'; a failed
-- append writes nothing and does not affect the others.
--
-- Two statements, whatever the batch size. First the stream locks, all up front and in one global
-- order (so batches cannot deadlock) and before the first write (so the transaction id follows
-- every stream's versions). Then one statement, whose snapshot is taken after the locks, checks
-- and inserts everything.
CREATE FUNCTION es_append_batch(p_batch jsonb)
RETURNS TABLE (idx int, status text, version bigint, tx xid8, pos bigint, other_stream text)
LANGUAGE plpgsql
-- Its plans are cached per connection, often while es_events is still small: without this they
-- can stay sequential scans as the table grows. Every lookup here is meant to be an index probe.
SET enable_seqscan = off
AS $$
DECLARE
  v_lock bigint;
BEGIN
  FOR v_lock IN
    SELECT DISTINCT hashtextextended(a->>'stream', 0) AS h FROM jsonb_array_elements(p_batch) AS a ORDER BY h
  LOOP
    PERFORM pg_advisory_xact_lock(v_lock);
  END LOOP;

  RETURN QUERY
  WITH appends AS (
    SELECT t.i::int AS i, t.a->>'stream' AS stream, t.a->>'expected' AS expected,
           jsonb_array_length(t.a->'events') AS count, t.a->'events' AS events
      FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i)
  ), stored AS (
    -- Idempotency: for each append, the newest already stored event among its ids.
    SELECT DISTINCT ON (a.i) a.i, e.stream_name, e.stream_version, e.transaction_id, e.global_position
      FROM appends a, jsonb_array_elements(a.events) AS ev
      JOIN es_events e ON e.event_id = (ev->>'eventId')::uuid
      ORDER BY a.i, e.transaction_id DESC, e.global_position DESC
  ), outcome AS (
    SELECT a.*, s.stream_name AS stored_stream, s.stream_version AS stored_version,
           s.transaction_id AS stored_tx, s.global_position AS stored_pos,
           -- A stream's version is its last event's: the primary key answers it under the lock.
           coalesce(cur.version, 0) AS current_version,
           CASE
             WHEN s.i IS NOT NULL THEN CASE WHEN s.stream_name = a.stream THEN 'duplicate' ELSE 'foreign_duplicate' END
             WHEN CASE a.expected
                    WHEN 'any' THEN false
                    WHEN 'no_stream' THEN cur.version IS NOT NULL
                    WHEN 'stream_exists' THEN cur.version IS NULL
                    ELSE coalesce(cur.version, 0) <> a.expected::bigint
                  END THEN 'wrong_version'
             ELSE 'ok'
           END AS status
      FROM appends a
      LEFT JOIN stored s ON s.i = a.i
      LEFT JOIN LATERAL (
        SELECT e.stream_version AS version FROM es_events e
         WHERE e.stream_name = a.stream ORDER BY e.stream_version DESC LIMIT 1
      ) cur ON true
  ), inserted AS (
    INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata)
    SELECT o.stream, o.current_version + k.ord, (k.ev->>'eventId')::uuid, k.ev->>'type',
           split_part(o.stream, '-', 1), k.ev->'data', coalesce(k.ev->'metadata', '{}')
      FROM outcome o, jsonb_array_elements(o.events) WITH ORDINALITY AS k(ev, ord)
     WHERE o.status = 'ok'
     ORDER BY o.i, k.ord
    RETURNING stream_name, global_position
  ), last_positions AS (
    SELECT stream_name, max(global_position) AS pos FROM inserted GROUP BY stream_name
  )
  SELECT o.i, o.status,
         CASE o.status
           WHEN 'ok' THEN o.current_version + o.count
           WHEN 'duplicate' THEN o.stored_version
           WHEN 'wrong_version' THEN o.current_version
         END,
         CASE o.status WHEN 'ok' THEN pg_current_xact_id() WHEN 'duplicate' THEN o.stored_tx END,
         CASE o.status WHEN 'ok' THEN lp.pos WHEN 'duplicate' THEN o.stored_pos END,
         CASE o.status WHEN 'foreign_duplicate' THEN o.stored_stream END
    FROM outcome o
    LEFT JOIN last_positions lp ON lp.stream_name = o.stream AND o.status = 'ok'
   ORDER BY o.i;
END;
$$;
`,
  },
  {
    id: '002-append-plans-are-index-probes',
    // A batch is at most a hundred appends: every join in es_append_batch should be a nested loop of
    // index probes. With seqscan off alone the planner could still pick a hash join over a full index
    // scan while es_events was small, and keep that plan as the table grew (seen once: 1.4k appends/s).
    sql: `ALTER FUNCTION es_append_batch(jsonb) SET enable_hashjoin = off;
ALTER FUNCTION es_append_batch(jsonb) SET enable_mergejoin = off;`,
  },
  {
    id: '003-hash-chains',
    // Each event's hash = SHA-256(previous hash in its stream || canonical encoding), computed here,
    // under the stream's lock (docs/tamper-evidence.md). The caller sends the canonical encoding up to
    // the version (member "c"); the function appends the version it assigns. Rows stored before this
    // migration have no hash: a NULL previous hash gives a NULL hash (sha256 is strict), and the
    // back-fill (hash-backfill.ts) computes each such stream once, under the same lock.
    sql: `ALTER TABLE es_events ADD COLUMN hash bytea;
CREATE INDEX es_events_unhashed ON es_events (stream_name) WHERE hash IS NULL;
${APPEND_BATCH_MIGRATION_003}`,
  },
  {
    id: '004-audit-filter-and-category-indexes',
    // GET /audit/events pages in log order (transaction_id, global_position) and filters by actor,
    // type and time window. Without these an actor or type with few events, or a window late in the
    // log, walked the whole log: 1.4 s for one unit officer's events at 1.2 million events
    // (bench:lists). The stream filter has the primary key. The category index serves readAll with a
    // category filter (the reference lists fold a category from the log: without it each walked the
    // whole log). Each index costs appends a little.
    sql: `CREATE INDEX IF NOT EXISTS es_events_category ON es_events (category, transaction_id, global_position);
CREATE INDEX IF NOT EXISTS es_events_actor ON es_events ((metadata->'actor'->>'id'), transaction_id, global_position);
CREATE INDEX IF NOT EXISTS es_events_type ON es_events (event_type, transaction_id, global_position);
CREATE INDEX IF NOT EXISTS es_events_recorded ON es_events (recorded_at);`,
  },
  {
    id: '005-append-conditions',
    // An append may name other streams its command decided on, at the versions it read (reference
    // data served from the API's cache): checked under shared locks in the append's transaction, so
    // the command needs no read before deciding (append-function.ts). An append without conditions
    // behaves as before, so API processes of the previous version keep working during an upgrade.
    sql: APPEND_BATCH_WITH_HASHES,
  },
];
