package io.eventline.eventstore;

/**
 * The database's transaction counter is behind the transaction ids stored with the events: it was
 * restored from a logical backup (pg_dump, a copy into a new cluster) rather than a physical one.
 * New events would get smaller transaction ids than old ones, sort before them in the global feed,
 * and every subscription would skip them. The store refuses to start.
 */
public final class RestoredDatabaseException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  RestoredDatabaseException(long storedTransactionId, long nextTransactionId) {
    super(
        "the event store holds events written by transaction id "
            + storedTransactionId
            + " but this PostgreSQL server's next transaction id is "
            + nextTransactionId
            + ": the database was restored into a cluster whose transaction counter is behind"
            + " (pg_dump/pg_restore or a copy; physical backups keep the counter). New events"
            + " would sort before stored ones in the global feed and subscriptions would skip"
            + " them, so the store refuses to start. Fix: stop the server and advance its counter"
            + " past the stored ids with 'pg_resetwal -e <epoch> -x <xid>' (next xid above "
            + storedTransactionId
            + "; epoch = id >> 32, xid = id & 0xFFFFFFFF), or restore from a physical backup"
            + " (pg_basebackup)");
  }
}
