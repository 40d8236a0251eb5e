package io.eventline.eventstore;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns the database's answers to an append into the store's exceptions. */
final class SqlErrors {
  private SqlErrors() {}

  static EventStoreException append(
      String streamId, ExpectedVersion expected, SQLException e, LongSupplier actualVersion) {
    String detail = detail(e);
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    switch (state) {
      case "EL001":
        return new WrongExpectedVersionException(streamId, expected, Long.parseLong(detail), "", e);
      case "EL005":
        return new WrongExpectedVersionException(
            streamId,
            expected,
            Long.parseLong(detail),
            ", and these event ids were appended before under another expected version",
            e);
      case "EL002":
        String[] ids = detail.split(" ");
        return new TransactionOrderException(
            streamId, Long.parseLong(ids[0]), Long.parseLong(ids[1]), e);
      case "EL003":
        return new StreamDeletedException(streamId, e);
      case "EL004":
        return new DuplicateEventIdException(streamId, UUID.fromString(detail), e);
      case "23505":
        if ("eventline_events_event_id".equals(constraint(e))) {
          return new DuplicateEventIdException(streamId, keyOf(detail), e);
        }
        if ("eventline_events_stream_version".equals(constraint(e))) {
          return new WrongExpectedVersionException(
              streamId,
              expected,
              actualVersion.getAsLong(),
              " (a concurrent writer took the version)",
              e);
        }
        break;
      default:
        break;
    }
    return failed("append to stream '" + Streams.clip(streamId) + "'", e);
  }

  static EventStoreException failed(String what, SQLException e) {
    return new EventStoreException(what + " failed: " + e.getMessage(), e);
  }

  private static String detail(SQLException e) {
    ServerErrorMessage message = server(e);
    return message == null || message.getDetail() == null ? "" : message.getDetail();
  }

  private static String constraint(SQLException e) {
    ServerErrorMessage message = server(e);
    return message == null ? null : message.getConstraint();
  }

  private static ServerErrorMessage server(SQLException e) {
    return e instanceof PSQLException p ? p.getServerErrorMessage() : null;
  }

  private static UUID keyOf(String detail) {
    int open = detail.indexOf(")=(");
    int close = detail.indexOf(')', open + 3);
    if (open < 0 || close < 0) {
      return null;
    }
    try {
      return UUID.fromString(detail.substring(open + 3, close));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
