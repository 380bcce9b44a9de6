/**
 * es_append_batch with per-stream hash chains, as migration 003 installed it (frozen: migrations
 * never change once released). The one in use is APPEND_BATCH_WITH_HASHES below (migration 005).
 *
 * The chain is a recursive CTE over each append's events: event k's hash needs event k-1's. Most
 * appends hold one event, so the recursion is one step deep. The previous hash is read with the
 * stream's current version from the primary key, under the advisory lock taken before any write.
 */
export const APPEND_BATCH_MIGRATION_003 = `
CREATE OR REPLACE FUNCTION es_append_batch(p_batch jsonb)
RETURNS TABLE (idx int, status text, version bigint, tx xid8, pos bigint, other_stream text)
LANGUAGE plpgsql
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
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
  WITH RECURSIVE appends AS (
    SELECT t.i::int AS i, t.a->>'stream' AS stream, t.a->>'expected' AS expected,
           jsonb_array_length(t.a->'events') AS count, t.a->'events' AS events
      FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i)
  ), stored AS (
    SELECT DISTINCT ON (a.i) a.i, e.stream_name, e.stream_version, e.transaction_id, e.global_position
      FROM appends a, jsonb_array_elements(a.events) AS ev
      JOIN es_events e ON e.event_id = (ev->>'eventId')::uuid
      ORDER BY a.i, e.transaction_id DESC, e.global_position DESC
  ), outcome AS (
    SELECT a.*, s.stream_name AS stored_stream, s.stream_version AS stored_version,
           s.transaction_id AS stored_tx, s.global_position AS stored_pos,
           coalesce(cur.version, 0) AS current_version,
           -- The chain's start is 32 zero bytes; a previous event without a hash (not yet back-filled) gives NULL.
           CASE WHEN cur.version IS NULL THEN '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea ELSE cur.hash END AS previous_hash,
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
        SELECT e.stream_version AS version, e.hash FROM es_events e
         WHERE e.stream_name = a.stream ORDER BY e.stream_version DESC LIMIT 1
      ) cur ON true
  ), chain AS (
    SELECT o.i, 1 AS ord, o.current_version + 1 AS version,
           sha256(o.previous_hash || convert_to((o.events->0->>'c') || (o.current_version + 1)::text || '}', 'UTF8')) AS hash
      FROM outcome o WHERE o.status = 'ok'
    UNION ALL
    SELECT c.i, c.ord + 1, c.version + 1,
           sha256(c.hash || convert_to((o.events->c.ord->>'c') || (c.version + 1)::text || '}', 'UTF8'))
      FROM chain c JOIN outcome o ON o.i = c.i
     WHERE c.ord < o.count
  ), inserted AS (
    INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata, hash)
    SELECT o.stream, c.version, (ev->>'eventId')::uuid, ev->>'type',
           split_part(o.stream, '-', 1), ev->'data', coalesce(ev->'metadata', '{}'), c.hash
      FROM chain c JOIN outcome o ON o.i = c.i, LATERAL (SELECT o.events->(c.ord - 1) AS ev) x
     ORDER BY o.i, c.ord
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
`;

/**
 * es_append_batch as it is now (migration 005): the hash chains of 003, and each append's
 * `conditions` — other streams its command decided on (reference data read from a cache), each
 * `{ stream, version }`. An append whose condition stream is not at that version (0: absent) is
 * 'condition_failed' (version: the stream's actual version, other_stream: the stream) and writes
 * nothing. Condition streams are locked in shared mode in the same ordered loop as the appended
 * streams' exclusive locks, so a writer of one either commits before the check (which then sees it)
 * or waits until this transaction has committed (and comes after it in the log). The batcher never
 * puts an append to a stream in a batch that holds a condition on it, or the reverse.
 */
export const APPEND_BATCH_WITH_HASHES = `
CREATE OR REPLACE FUNCTION es_append_batch(p_batch jsonb)
RETURNS TABLE (idx int, status text, version bigint, tx xid8, pos bigint, other_stream text)
LANGUAGE plpgsql
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
-- The planner's guesses for jsonb_array_elements (100 rows each) can price a batch above jit_above_cost:
-- compiling it took 1.8 s for a one-event append. Nothing here runs long enough to gain from JIT.
SET jit = off
AS $$
DECLARE
  v_lock bigint;
  v_shared boolean;
BEGIN
  FOR v_lock, v_shared IN
    SELECT l.h, bool_and(l.shared) FROM (
      SELECT hashtextextended(a->>'stream', 0) AS h, false AS shared FROM jsonb_array_elements(p_batch) AS a
      UNION ALL
      SELECT hashtextextended(c->>'stream', 0), true
        FROM jsonb_array_elements(p_batch) AS a, jsonb_array_elements(coalesce(a->'conditions', '[]')) AS c
    ) l GROUP BY l.h ORDER BY l.h
  LOOP
    IF v_shared THEN
      PERFORM pg_advisory_xact_lock_shared(v_lock);
    ELSE
      PERFORM pg_advisory_xact_lock(v_lock);
    END IF;
  END LOOP;

  RETURN QUERY
  WITH RECURSIVE appends AS (
    SELECT t.i::int AS i, t.a->>'stream' AS stream, t.a->>'expected' AS expected,
           jsonb_array_length(t.a->'events') AS count, t.a->'events' AS events,
           coalesce(t.a->'conditions', '[]') AS conditions
      FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i)
  ), stored AS (
    SELECT DISTINCT ON (a.i) a.i, e.stream_name, e.stream_version, e.transaction_id, e.global_position
      FROM appends a, jsonb_array_elements(a.events) AS ev
      JOIN es_events e ON e.event_id = (ev->>'eventId')::uuid
      ORDER BY a.i, e.transaction_id DESC, e.global_position DESC
  ), conditions AS (
    SELECT a.i, c->>'stream' AS stream, (c->>'version')::bigint AS version
      FROM appends a, jsonb_array_elements(a.conditions) AS c
  ), condition_streams AS MATERIALIZED (
    -- Each stream probed once, however many appends of the batch decided on it.
    SELECT s.stream,
           coalesce((SELECT e.stream_version FROM es_events e WHERE e.stream_name = s.stream ORDER BY e.stream_version DESC LIMIT 1), 0) AS actual
      FROM (SELECT DISTINCT k.stream FROM conditions k) s
  ), moved AS (
    SELECT DISTINCT ON (k.i) k.i, k.stream, cs.actual
      FROM conditions k JOIN condition_streams cs ON cs.stream = k.stream
     WHERE cs.actual <> k.version
     ORDER BY k.i, k.stream
  ), outcome AS (
    SELECT a.*, s.stream_name AS stored_stream, s.stream_version AS stored_version,
           s.transaction_id AS stored_tx, s.global_position AS stored_pos,
           m.stream AS moved_stream, m.actual AS moved_version,
           coalesce(cur.version, 0) AS current_version,
           -- The chain's start is 32 zero bytes; a previous event without a hash (not yet back-filled) gives NULL.
           CASE WHEN cur.version IS NULL THEN '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea ELSE cur.hash END AS previous_hash,
           CASE
             WHEN s.i IS NOT NULL THEN CASE WHEN s.stream_name = a.stream THEN 'duplicate' ELSE 'foreign_duplicate' END
             WHEN CASE a.expected
                    WHEN 'any' THEN false
                    WHEN 'no_stream' THEN cur.version IS NOT NULL
                    WHEN 'stream_exists' THEN cur.version IS NULL
                    ELSE coalesce(cur.version, 0) <> a.expected::bigint
                  END THEN 'wrong_version'
             WHEN m.i IS NOT NULL THEN 'condition_failed'
             ELSE 'ok'
           END AS status
      FROM appends a
      LEFT JOIN stored s ON s.i = a.i
      LEFT JOIN moved m ON m.i = a.i
      LEFT JOIN LATERAL (
        SELECT e.stream_version AS version, e.hash FROM es_events e
         WHERE e.stream_name = a.stream ORDER BY e.stream_version DESC LIMIT 1
      ) cur ON true
  ), chain AS (
    SELECT o.i, 1 AS ord, o.current_version + 1 AS version,
           sha256(o.previous_hash || convert_to((o.events->0->>'c') || (o.current_version + 1)::text || '}', 'UTF8')) AS hash
      FROM outcome o WHERE o.status = 'ok'
    UNION ALL
    SELECT c.i, c.ord + 1, c.version + 1,
           sha256(c.hash || convert_to((o.events->c.ord->>'c') || (c.version + 1)::text || '}', 'UTF8'))
      FROM chain c JOIN outcome o ON o.i = c.i
     WHERE c.ord < o.count
  ), inserted AS (
    -- An event sent with its canonical encoding ("c") is sent without "data" and "metadata": they
    -- are read back from the encoding completed with its version (the same JSON values).
    INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata, hash)
    SELECT o.stream, c.version, (x.ev->>'eventId')::uuid, x.ev->>'type',
           split_part(o.stream, '-', 1), coalesce(x.ev->'data', y.canonical->'data'), coalesce(x.ev->'metadata', y.canonical->'metadata', '{}'), c.hash
      FROM chain c JOIN outcome o ON o.i = c.i, LATERAL (SELECT o.events->(c.ord - 1) AS ev) x,
           LATERAL (SELECT CASE WHEN x.ev ? 'data' THEN NULL ELSE ((x.ev->>'c') || c.version::text || '}')::jsonb END AS canonical) y
     ORDER BY o.i, c.ord
    RETURNING stream_name, global_position
  ), last_positions AS (
    SELECT stream_name, max(global_position) AS pos FROM inserted GROUP BY stream_name
  )
  SELECT o.i, o.status,
         CASE o.status
           WHEN 'ok' THEN o.current_version + o.count
           WHEN 'duplicate' THEN o.stored_version
           WHEN 'wrong_version' THEN o.current_version
           WHEN 'condition_failed' THEN o.moved_version
         END,
         CASE o.status WHEN 'ok' THEN pg_current_xact_id() WHEN 'duplicate' THEN o.stored_tx END,
         CASE o.status WHEN 'ok' THEN lp.pos WHEN 'duplicate' THEN o.stored_pos END,
         CASE o.status WHEN 'foreign_duplicate' THEN o.stored_stream WHEN 'condition_failed' THEN o.moved_stream END
    FROM outcome o
    LEFT JOIN last_positions lp ON lp.stream_name = o.stream AND o.status = 'ok'
   ORDER BY o.i;
END;
$$;
`;
