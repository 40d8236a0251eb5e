-- Writers notify only a relay that sleeps. PostgreSQL commits the transactions that issued NOTIFY
-- one at a time, cluster-wide, with the WAL flush inside that lock: under a steady stream of
-- writes the notifications cost the writers more than polling would cost the relay.
--
-- A relay worker about to sleep on a partition "arms" it: it holds the partition's advisory lock
-- (key: hashtext('eventline_outbox:' || schema), partition_no) exclusively, at session level.
-- A writer that can take that lock shared (no worker sleeps on the partition) keeps it until its
-- transaction ends and does not notify; a worker cannot arm the partition while such a writer is
-- open, so it polls until the writer is done. A writer that cannot take it notifies, as before.
-- Either way every committed row is seen: by a worker still busy, or by the one it wakes.
CREATE OR REPLACE FUNCTION eventline_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock_shared(
      hashtext('eventline_outbox:' || TG_TABLE_SCHEMA), NEW.partition_no) THEN
    PERFORM pg_notify('eventline_outbox', TG_TABLE_SCHEMA || ':' || NEW.partition_no);
  END IF;
  RETURN NULL;
END
$$;
