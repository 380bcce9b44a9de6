import type { Migration } from './migrator';

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
-- { stream, expected, events: [{ eventId, type, data, metadata }] }. Each append keeps its own outcome:
-- 'ok' | 'duplicate' (idempotent retry) | 'wrong_version' | 'foreign_duplicate'; a failed append writes
-- nothing and does not affect the others. The work is set-based: a fixed number of statements per
-- batch, whatever its size. All stream locks are taken up front, in one global order, so batches
-- cannot deadlock, and before the first write, so the transaction id follows every stream's versions.
-- The caller never puts one event id in two appends of a batch.
CREATE FUNCTION es_append_batch(p_batch jsonb)
RETURNS TABLE (idx int, status text, version bigint, tx xid8, pos bigint, other_stream text)
LANGUAGE plpgsql AS $$
DECLARE
  n int := jsonb_array_length(p_batch);
  v_lock bigint;
  v_streams text[];
  v_expected text[];
  v_counts int[];
  v_dup_stream text[];
  v_dup_version bigint[];
  v_dup_tx xid8[];
  v_dup_pos bigint[];
  v_versions jsonb;
  v_current bigint;
  v_mismatch boolean;
  v_base bigint[] := array_fill(NULL::bigint, ARRAY[n]);
  v_status text[] := array_fill(NULL::text, ARRAY[n]);
  v_keep boolean[] := array_fill(false, ARRAY[n]);
  v_ins_stream text[];
  v_ins_version bigint[];
  v_ins_pos bigint[];
  v_tx xid8;
BEGIN
  SELECT array_agg(a->>'stream' ORDER BY i), array_agg(a->>'expected' ORDER BY i),
         array_agg(jsonb_array_length(a->'events') ORDER BY i)
    INTO v_streams, v_expected, v_counts
    FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i);

  FOR v_lock IN SELECT DISTINCT hashtextextended(s, 0) AS h FROM unnest(v_streams) AS s ORDER BY h LOOP
    PERFORM pg_advisory_xact_lock(v_lock);
  END LOOP;

  -- Idempotency: for each append, the newest already stored event among its ids.
  WITH ids AS (
    SELECT t.i, (ev->>'eventId')::uuid AS id
      FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i), jsonb_array_elements(t.a->'events') AS ev
  ), found AS (
    SELECT DISTINCT ON (ids.i) ids.i, e.stream_name, e.stream_version, e.transaction_id, e.global_position
      FROM ids JOIN es_events e ON e.event_id = ids.id
      ORDER BY ids.i, e.transaction_id DESC, e.global_position DESC
  )
  SELECT array_agg(f.stream_name ORDER BY g), array_agg(f.stream_version ORDER BY g),
         array_agg(f.transaction_id ORDER BY g), array_agg(f.global_position ORDER BY g)
    INTO v_dup_stream, v_dup_version, v_dup_tx, v_dup_pos
    FROM generate_series(1, n) AS g LEFT JOIN found f ON f.i = g;

  -- A stream's version is its last event's: the primary key answers it, and the advisory locks make
  -- the read-then-insert safe without a separate streams table to update.
  SELECT coalesce(jsonb_object_agg(s, (SELECT max(e.stream_version) FROM es_events e WHERE e.stream_name = s)), '{}')
    INTO v_versions
    FROM (SELECT DISTINCT unnest(v_streams) AS s) AS streams;

  FOR i IN 1 .. n LOOP
    IF v_dup_stream[i] IS NOT NULL THEN
      v_status[i] := CASE WHEN v_dup_stream[i] = v_streams[i] THEN 'duplicate' ELSE 'foreign_duplicate' END;
      CONTINUE;
    END IF;
    v_current := (v_versions->>v_streams[i])::bigint;
    -- (plpgsql cannot parse a CASE expression directly inside IF … THEN.)
    v_mismatch := CASE v_expected[i]
        WHEN 'any' THEN false
        WHEN 'no_stream' THEN v_current IS NOT NULL
        WHEN 'stream_exists' THEN v_current IS NULL
        ELSE coalesce(v_current, 0) <> v_expected[i]::bigint
      END;
    IF v_mismatch THEN
      v_status[i] := 'wrong_version';
      v_base[i] := coalesce(v_current, 0);
      CONTINUE;
    END IF;
    v_status[i] := 'ok';
    v_keep[i] := true;
    v_base[i] := coalesce(v_current, 0);
    v_versions := jsonb_set(v_versions, ARRAY[v_streams[i]], to_jsonb(v_base[i] + v_counts[i]));
  END LOOP;

  IF true = ANY (v_keep) THEN
    WITH inserted AS (
      INSERT INTO es_events (stream_name, stream_version, event_id, event_type, category, data, metadata)
      SELECT v_streams[t.i], v_base[t.i] + k.ord, (k.ev->>'eventId')::uuid, k.ev->>'type',
             split_part(v_streams[t.i], '-', 1), k.ev->'data', coalesce(k.ev->'metadata', '{}')
        FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(a, i),
             jsonb_array_elements(t.a->'events') WITH ORDINALITY AS k(ev, ord)
        WHERE v_keep[t.i]
        ORDER BY t.i, k.ord
      RETURNING stream_name, stream_version, global_position
    )
    SELECT array_agg(stream_name), array_agg(stream_version), array_agg(global_position)
      INTO v_ins_stream, v_ins_version, v_ins_pos
      FROM inserted;
    v_tx := pg_current_xact_id();
  END IF;

  FOR i IN 1 .. n LOOP
    idx := i; status := v_status[i]; other_stream := NULL; tx := NULL; pos := NULL; version := NULL;
    CASE v_status[i]
      WHEN 'duplicate' THEN
        version := v_dup_version[i]; tx := v_dup_tx[i]; pos := v_dup_pos[i];
      WHEN 'foreign_duplicate' THEN
        other_stream := v_dup_stream[i];
      WHEN 'wrong_version' THEN
        version := v_base[i];
      ELSE
        version := v_base[i] + v_counts[i]; tx := v_tx;
        FOR j IN 1 .. array_length(v_ins_stream, 1) LOOP
          IF v_ins_stream[j] = v_streams[i] AND v_ins_version[j] = version THEN pos := v_ins_pos[j]; END IF;
        END LOOP;
    END CASE;
    RETURN NEXT;
  END LOOP;
END;
$$;
`,
  },
];
