-- The relay's claim as a function, planned with bitmap scans and sorts switched off.
--
-- The claim takes the oldest pending rows of a partition: an ordered scan of the partial index
-- eventline_outbox_pending that stops after the batch. Left to itself the planner picks that plan
-- only when the table's statistics say a partition holds many pending rows. Right after a large
-- backlog was written (statistics absent or taken while the outbox was empty, until autovacuum
-- analyzes the table) it estimates one row and picks a bitmap scan of every pending row of the
-- partition followed by a sort, so each claim reads the whole backlog of its partitions and a
-- drain slows down as the backlog grows (measured: 20 ms instead of 1 ms per 500-row claim with
-- 200,000 rows pending). The settings below apply only while this function runs.
CREATE OR REPLACE FUNCTION eventline_outbox_claim(
  p_partitions int[], p_per_partition int, p_limit int)
RETURNS TABLE ("position" bigint, event_id uuid, aggregate_type text, aggregate_id text,
               aggregate_version bigint, event_type text, topic text, payload jsonb,
               headers jsonb, occurred_at timestamptz, attempts int, partition_no smallint)
LANGUAGE plpgsql STABLE
SET enable_bitmapscan = off
SET enable_sort = off
AS $$
BEGIN
  RETURN QUERY
    SELECT x.* FROM unnest(p_partitions) WITH ORDINALITY AS p(no, ord)
    CROSS JOIN LATERAL (
      SELECT o.position, o.event_id, o.aggregate_type, o.aggregate_id, o.aggregate_version,
             o.event_type, COALESCE(o.topic, o.aggregate_type), o.payload, o.headers,
             o.occurred_at, o.attempts, o.partition_no
        FROM eventline_outbox o
       WHERE o.partition_no = p.no AND o.published_at IS NULL AND o.dead_at IS NULL
         AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= clock_timestamp())
         AND NOT EXISTS (SELECT 1 FROM eventline_outbox b
                          WHERE b.aggregate_id = o.aggregate_id
                            AND b.aggregate_type = o.aggregate_type
                            AND b.position < o.position
                            AND b.published_at IS NULL AND b.attempts > 0)
       ORDER BY o.position
       LIMIT p_per_partition) x
    LIMIT p_limit;
END
$$;
