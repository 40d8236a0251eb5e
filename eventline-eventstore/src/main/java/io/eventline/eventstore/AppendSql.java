package io.eventline.eventstore;

/**
 * The append statements. They take the same parameters (stream, category, expected version, then
 * twelve arrays with one element per event, or for the {@code _ONE} forms the twelve fields of one
 * event) and return one row per event: replayed, stream version, transaction id, global position,
 * recorded at.
 */
final class AppendSql {
  private static final String ARRAYS =
      "?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],"
          + " ?::text[], ?::text[], ?::jsonb[], ?::text[], ?::bytea[]";

  /** The authoritative path: {@code eventline_append} checks everything and explains refusals. */
  static final String FUNCTION =
      "SELECT replayed, stream_version, transaction_id::text::bigint, global_position, recorded_at"
          + " FROM eventline_append(?, ?, ?, "
          + ARRAYS
          + ")";

  /** The parameters every insert statement starts with, as the one-row relation {@code p}. */
  private static final String PARAMETERS =
      "WITH p AS (SELECT ?::text AS stream, ?::text AS category, ?::bigint AS expected)";

  private static final String INSERT =
      " INSERT INTO eventline_events AS e (stream_id, stream_version, category, event_id,"
          + " event_type, schema_version, aggregate_type, aggregate_id, occurred_at,"
          + " correlation_id, causation_id, traceparent, headers, content_type, payload)";

  private static final String RETURNING =
      " RETURNING false, e.stream_version, e.transaction_id::text::bigint, e.global_position,"
          + " e.recorded_at";

  /** The stream's latest event and whether it is a tombstone, as the relation {@code last}. */
  private static final String FAST_LAST =
      ", last AS (SELECT coalesce(l.stream_version, 0) AS version, l.transaction_id AS xid,"
          + "   EXISTS (SELECT 1 FROM eventline_streams m"
          + "     WHERE m.stream_id = p.stream AND m.hard_deleted) AS tombstone"
          + "   FROM p LEFT JOIN LATERAL (SELECT e.stream_version, e.transaction_id"
          + "     FROM eventline_events e WHERE e.stream_id = p.stream"
          + "     ORDER BY e.stream_version DESC LIMIT 1) l ON true)";

  private static final String FAST_CHECK =
      " WHERE last.version = p.expected AND NOT last.tombstone"
          + "   AND (last.xid IS NULL OR last.xid <= pg_current_xact_id())";

  /**
   * The fast path for an exact expected version (NO_STREAM as version 0): one plain statement that
   * inserts only when the stream is at that version, is not a tombstone and its latest event's
   * transaction is not younger than this one. Inserts nothing otherwise, and the caller then asks
   * {@link #FUNCTION}, which rechecks and says why (or answers a retried request). Measured on the
   * server: about half the CPU of the PL/pgSQL function, as cheap as a plain INSERT.
   */
  static final String FAST = batch(FAST_LAST, "last.version", "p, last", FAST_CHECK);

  /**
   * {@link #FAST} for a single event, with plain parameters instead of arrays: the payload goes as
   * binary {@code bytea} rather than an escaped array literal. Parameters: stream, category,
   * expected version, then the twelve event fields in the order of the arrays.
   */
  static final String FAST_ONE = one(FAST_LAST, "last.version", "p, last", FAST_CHECK);

  private static final String PLAIN_CHECK =
      " WHERE CASE WHEN p.expected = 0"
          + "   THEN NOT EXISTS (SELECT 1 FROM eventline_streams m"
          + "     WHERE m.stream_id = p.stream AND m.hard_deleted)"
          + "   ELSE EXISTS (SELECT 1 FROM eventline_events f"
          + "     WHERE f.stream_id = p.stream AND f.stream_version = p.expected) END";

  /**
   * The leanest path, for an exact expected version on a connection in auto-commit mode: a plain
   * {@code INSERT ... SELECT} of versions {@code expected + 1, ...} that lets {@code UNIQUE
   * (stream_id, stream_version)} refuse a stream already past the expected version, so it reads no
   * more than one index entry: the event at the expected version (it must exist) or, for a new
   * stream, the tombstone. Versions are contiguous from 1 and only a hard delete removes events
   * (leaving the tombstone), so this admits what {@link #FAST} admits. The transaction order needs
   * no check here: an auto-commit statement takes its transaction id after its snapshot, so every
   * event it can see belongs to an older transaction. It inserts nothing, or fails with 23505,
   * where {@link #FAST} would insert nothing; the caller then asks {@link #FUNCTION}. The failure
   * aborts the transaction, hence auto-commit only. Measured with pgbench on this machine's
   * PostgreSQL (16 clients): about 15 % more appends/s than {@link #FAST}, within 5 % of a bare
   * INSERT.
   */
  static final String PLAIN = batch("", "p.expected", "p", PLAIN_CHECK);

  /** {@link #PLAIN} for a single event, with the parameters of {@link #FAST_ONE}. */
  static final String PLAIN_ONE = one("", "p.expected", "p", PLAIN_CHECK);

  /**
   * An insert of the events in the arrays at versions {@code base + 1, ...}, from the relations
   * {@code from} (which include {@code p}), where {@code check} holds.
   */
  private static String batch(String ctes, String base, String from, String check) {
    return PARAMETERS
        + ctes
        + INSERT
        + " SELECT p.stream, "
        + base
        + " + u.ord, p.category, u.id, u.event_type, u.schema_version, u.aggregate_type,"
        + " u.aggregate_id, u.occurred_at, u.correlation_id, u.causation_id, u.traceparent,"
        + " u.headers, u.content_type, u.payload FROM "
        + from
        + ", unnest("
        + ARRAYS
        + ") WITH ORDINALITY AS u(id, event_type, schema_version, aggregate_type, aggregate_id,"
        + " occurred_at, correlation_id, causation_id, traceparent, headers, content_type,"
        + " payload, ord)"
        + check
        + " ORDER BY u.ord"
        + RETURNING;
  }

  /** {@link #batch} for one event given as twelve plain parameters. */
  private static String one(String ctes, String base, String from, String check) {
    return PARAMETERS
        + ctes
        + INSERT
        + " SELECT p.stream, "
        + base
        + " + 1, p.category, ?::uuid, ?::text, ?::int4, ?::text, ?::text, ?::timestamptz,"
        + " ?::text, ?::text, ?::text, ?::jsonb, ?::text, ?::bytea FROM "
        + from
        + check
        + RETURNING;
  }

  private AppendSql() {}
}
