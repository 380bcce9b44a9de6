import type { Migration } from './migrator';

/**
 * The event log.
 *
 * Global order is (transaction_id, global_position). A reader only reads rows whose transaction id is
 * below the oldest transaction still running (pg_snapshot_xmin): every such transaction has finished,
 * and any transaction yet to commit has a larger id, so a row can never appear behind a reader's
 * checkpoint. The sequence alone cannot give that: concurrent transactions commit out of sequence order.
 *
 * es_append takes a per-stream advisory lock BEFORE its first write, and the transaction id is assigned
 * at that first write. Two appends to one stream therefore get transaction ids in version order, while
 * appends to different streams never wait for each other.
 */
export const eventStoreMigrations: Migration[] = [
  {
    id: '001-event-log',
    sql: `
CREATE TABLE es_streams (
  stream_name text PRIMARY KEY,
  version bigint NOT NULL
);

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

-- One append: idempotency check, optimistic concurrency and insert in one round trip.
-- Returns status 'ok' | 'duplicate' | 'wrong_version' | 'foreign_duplicate'.
CREATE FUNCTION es_append(
  p_stream text, p_expected text, p_category text,
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) RETURNS TABLE (status text, version bigint, tx xid8, pos bigint, other_stream text)
LANGUAGE plpgsql AS $$
DECLARE
  v_current bigint;
  v_count int := array_length(p_ids, 1);
  v_last bigint;
  v_stream text;
  v_matches boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));

  SELECT e.stream_name, e.stream_version, e.transaction_id, e.global_position
    INTO v_stream, version, tx, pos
    FROM es_events e WHERE e.event_id = ANY (p_ids)
    ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1;
  IF FOUND THEN
    IF v_stream <> p_stream THEN
      status := 'foreign_duplicate'; other_stream := v_stream; RETURN NEXT; RETURN;
    END IF;
    status := 'duplicate'; RETURN NEXT; RETURN;
  END IF;

  SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_name = p_stream;
  v_matches := CASE p_expected
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN v_current IS NULL
      WHEN 'stream_exists' THEN v_current IS NOT NULL
      ELSE coalesce(v_current, 0) = p_expected::bigint
    END;
  IF NOT v_matches THEN
    status := 'wrong_version'; version := coalesce(v_current, 0); RETURN NEXT; RETURN;
  END IF;

  IF v_current IS NULL THEN
    INSERT INTO es_streams (stream_name, version) VALUES (p_stream, v_count);
  ELSE
    UPDATE es_streams SET version = v_current + v_count WHERE stream_name = p_stream;
  END IF;

  WITH inserted AS (
    INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata)
    SELECT p_stream, coalesce(v_current, 0) + i, p_ids[i], p_types[i], p_category, p_data[i], p_metadata[i]
      FROM generate_series(1, v_count) AS i
      ORDER BY i
    RETURNING global_position
  )
  SELECT max(inserted.global_position) INTO v_last FROM inserted;

  status := 'ok'; version := coalesce(v_current, 0) + v_count; tx := pg_current_xact_id(); pos := v_last;
  RETURN NEXT;
END;
$$;
`,
  },
];
