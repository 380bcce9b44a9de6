/**
 * es_append_batch with per-stream hash chains (migration 003). Same contract, locks and single
 * statement as the original in schema.ts; the insert now carries each event's chain hash.
 *
 * The chain is a recursive CTE over each append's events: event k's hash needs event k-1's. Most
 * appends hold one event, so the recursion is one step deep. The previous hash is read with the
 * stream's current version from the primary key, under the advisory lock taken before any write.
 */
export const APPEND_BATCH_WITH_HASHES = `
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
