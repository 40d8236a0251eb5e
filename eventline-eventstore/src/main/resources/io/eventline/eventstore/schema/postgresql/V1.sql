-- Eventline event store, version 1 (PostgreSQL 13 or newer: xid8 and pg_current_xact_id()).

-- Stream metadata and tombstones. A stream gets a row here only when its metadata is set, it is
-- soft-deleted (truncate_before moves past its last version) or hard-deleted: appends only read
-- it, and a stream's version is its latest event's version.
CREATE TABLE eventline_streams (
  stream_id       text        NOT NULL PRIMARY KEY,
  hard_deleted    boolean     NOT NULL DEFAULT false,
  truncate_before bigint      NOT NULL DEFAULT 0,
  max_age_ms      bigint,
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The events. The feed reads in (transaction_id, global_position) order, and only rows whose
-- transaction_id is below the oldest running transaction: a late commit can never be skipped.
CREATE TABLE eventline_events (
  global_position bigint      GENERATED ALWAYS AS IDENTITY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  stream_version  bigint      NOT NULL,
  category        text        NOT NULL,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  schema_version  integer     NOT NULL,
  aggregate_type  text        NOT NULL,
  aggregate_id    text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  correlation_id  text        NOT NULL,
  causation_id    text,
  traceparent     text,
  headers         jsonb,
  content_type    text        NOT NULL,
  payload         bytea       NOT NULL,
  CONSTRAINT eventline_events_stream_version UNIQUE (stream_id, stream_version),
  CONSTRAINT eventline_events_event_id UNIQUE (event_id)
);

CREATE INDEX eventline_events_feed ON eventline_events (transaction_id, global_position);
CREATE INDEX eventline_events_category_feed
  ON eventline_events (category, transaction_id, global_position);
CREATE INDEX eventline_events_type_feed
  ON eventline_events (event_type, transaction_id, global_position);

-- The latest snapshot of each stream's aggregate state.
CREATE TABLE eventline_snapshots (
  stream_id      text        NOT NULL PRIMARY KEY,
  stream_version bigint      NOT NULL,
  schema_version integer     NOT NULL,
  state          bytea       NOT NULL,
  taken_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Durable subscription checkpoints and the lease that makes one instance the active owner.
CREATE TABLE eventline_subscriptions (
  name                      text        NOT NULL PRIMARY KEY,
  checkpoint_transaction_id xid8        NOT NULL DEFAULT '0',
  checkpoint_position       bigint      NOT NULL DEFAULT 0,
  owner                     text,
  lease_token               bigint      NOT NULL DEFAULT 0,
  lease_expires_at          timestamptz,
  updated_at                timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Appends events to one stream in one statement (one round trip, atomic); one row per event.
-- p_expected: -1 any, -2 no stream, -3 stream exists, N >= 0 exactly version N.
-- Writers of one stream are serialized by UNIQUE (stream_id, stream_version): of two writers of
-- the same version, the second waits for the first and fails with 23505 if it committed. No row
-- is locked or updated besides the inserted events.
-- Errors (SQLSTATE, DETAIL):
--   EL001 wrong expected version, DETAIL = actual version
--   EL002 transaction order conflict, DETAIL = '<stream last xid> <own xid>'
--   EL003 stream hard-deleted
--   EL004 event ids already stored elsewhere or in another order, DETAIL = the first such id
--   EL005 the same event ids were appended before under an expected version this one contradicts,
--         DETAIL = actual version
--   23505 on eventline_events_stream_version: a concurrent writer took the version
CREATE FUNCTION eventline_append(
  p_stream text, p_category text, p_expected bigint,
  p_ids uuid[], p_types text[], p_schema_versions integer[],
  p_aggregate_types text[], p_aggregate_ids text[], p_occurred_at timestamptz[],
  p_correlation_ids text[], p_causation_ids text[], p_traceparents text[],
  p_headers jsonb[], p_content_types text[], p_payloads bytea[])
RETURNS TABLE (replayed boolean, stream_version bigint, transaction_id xid8,
               global_position bigint, recorded_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_xid      xid8 := pg_current_xact_id();
  v_last     bigint;
  v_last_xid xid8;
  v_prior    bigint;
  v_hard     boolean;
  v_soft     boolean;
  v_ok       boolean;
  v_bad      uuid;
BEGIN
  -- The stream's latest event and its metadata row (usually absent), in one statement.
  SELECT coalesce(l.stream_version, 0), l.transaction_id, coalesce(m.hard_deleted, false),
         coalesce(m.truncate_before, 0) > coalesce(l.stream_version, 0)
    INTO v_last, v_last_xid, v_hard, v_soft
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT e.stream_version, e.transaction_id FROM eventline_events e
                        WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1) l
           ON true
    LEFT JOIN eventline_streams m ON m.stream_id = p_stream;
  IF v_hard THEN
    RAISE EXCEPTION 'stream % was hard-deleted', p_stream USING ERRCODE = 'EL003';
  END IF;
  v_soft := v_soft AND v_last > 0;

  IF v_last > 0 AND p_expected IS DISTINCT FROM v_last
     AND EXISTS (SELECT 1 FROM eventline_events e WHERE e.event_id = p_ids[1]) THEN
    -- A retried request: the same ids, in the same stream, in the same order, answer as before.
    SELECT u.id INTO v_bad
      FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord)
      LEFT JOIN eventline_events e ON e.event_id = u.id
     WHERE e.stream_id IS DISTINCT FROM p_stream
        OR e.stream_version IS DISTINCT FROM
           (SELECT f.stream_version FROM eventline_events f WHERE f.event_id = p_ids[1])
           + u.ord - 1
     LIMIT 1;
    IF v_bad IS NOT NULL THEN
      RAISE EXCEPTION 'event ids conflict in stream %', p_stream
        USING ERRCODE = 'EL004', DETAIL = v_bad::text;
    END IF;
    SELECT f.stream_version - 1 INTO v_prior FROM eventline_events f WHERE f.event_id = p_ids[1];
    v_ok := p_expected = -1
         OR (p_expected = -2 AND v_prior = 0)
         OR (p_expected = -3 AND v_prior > 0)
         OR p_expected = v_prior;
    IF NOT v_ok THEN
      RAISE EXCEPTION 'wrong expected version on a retried append to %', p_stream
        USING ERRCODE = 'EL005', DETAIL = v_last::text;
    END IF;
    RETURN QUERY
      SELECT true, e.stream_version, e.transaction_id, e.global_position, e.recorded_at
        FROM eventline_events e WHERE e.event_id = ANY (p_ids) ORDER BY e.stream_version;
    RETURN;
  END IF;

  v_ok := p_expected = -1
       OR (p_expected = -2 AND (v_last = 0 OR v_soft))
       OR (p_expected = -3 AND v_last > 0 AND NOT v_soft)
       OR p_expected = v_last;
  IF NOT v_ok THEN
    RAISE EXCEPTION 'wrong expected version for %', p_stream
      USING ERRCODE = 'EL001', DETAIL = v_last::text;
  END IF;
  IF v_last_xid > v_xid THEN
    RAISE EXCEPTION 'transaction order conflict on %', p_stream
      USING ERRCODE = 'EL002', DETAIL = v_last_xid::text || ' ' || v_xid::text;
  END IF;
  IF cardinality(p_ids) = 1 THEN -- the common case, without unnest and sort
    INSERT INTO eventline_events AS e (stream_id, stream_version, category, event_id, event_type,
        schema_version, aggregate_type, aggregate_id, occurred_at, correlation_id,
        causation_id, traceparent, headers, content_type, payload)
    VALUES (p_stream, v_last + 1, p_category, p_ids[1], p_types[1], p_schema_versions[1],
            p_aggregate_types[1], p_aggregate_ids[1], p_occurred_at[1], p_correlation_ids[1],
            p_causation_ids[1], p_traceparents[1], p_headers[1], p_content_types[1],
            p_payloads[1])
    RETURNING false, e.stream_version, v_xid, e.global_position, e.recorded_at
      INTO replayed, stream_version, transaction_id, global_position, recorded_at;
    RETURN NEXT;
    RETURN;
  END IF;
  RETURN QUERY
    INSERT INTO eventline_events AS e (stream_id, stream_version, category, event_id, event_type,
        schema_version, aggregate_type, aggregate_id, occurred_at, correlation_id,
        causation_id, traceparent, headers, content_type, payload)
    SELECT p_stream, v_last + u.ord, p_category, u.id, u.event_type, u.schema_version,
           u.aggregate_type, u.aggregate_id, u.occurred_at, u.correlation_id, u.causation_id,
           u.traceparent, u.headers, u.content_type, u.payload
      FROM unnest(p_ids, p_types, p_schema_versions, p_aggregate_types, p_aggregate_ids,
                  p_occurred_at, p_correlation_ids, p_causation_ids, p_traceparents,
                  p_headers, p_content_types, p_payloads)
           WITH ORDINALITY AS u(id, event_type, schema_version, aggregate_type, aggregate_id,
                                occurred_at, correlation_id, causation_id, traceparent,
                                headers, content_type, payload, ord)
     ORDER BY u.ord
    RETURNING false, e.stream_version, v_xid, e.global_position, e.recorded_at;
END
$$;
