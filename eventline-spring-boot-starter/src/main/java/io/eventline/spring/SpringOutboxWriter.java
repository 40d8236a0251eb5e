package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** {@link OutboxWriter} on the connection Spring bound to the current transaction. */
final class SpringOutboxWriter implements OutboxWriter {
  private final DataSource dataSource;
  private final Outbox outbox;
  private final TraceContext traces;

  SpringOutboxWriter(DataSource dataSource, Outbox outbox, TraceContext traces) {
    this.dataSource = Objects.requireNonNull(dataSource, "OutboxWriter.dataSource may not be null");
    this.outbox = Objects.requireNonNull(outbox, "OutboxWriter.outbox may not be null");
    this.traces = Objects.requireNonNull(traces, "OutboxWriter.traces may not be null");
  }

  @Override
  public void append(EventEnvelope<?> event) {
    Objects.requireNonNull(event, "OutboxWriter.append event may not be null");
    EventEnvelope<?> traced = traced(event);
    write(describe(event), connection -> outbox.append(connection, traced));
  }

  @Override
  public void append(String topic, EventEnvelope<?> event) {
    Objects.requireNonNull(event, "OutboxWriter.append event may not be null");
    EventEnvelope<?> traced = traced(event);
    write(describe(event), connection -> outbox.append(connection, topic, traced));
  }

  @Override
  public void append(List<? extends EventEnvelope<?>> events) {
    Objects.requireNonNull(events, "OutboxWriter.append events may not be null");
    if (events.isEmpty()) {
      return;
    }
    List<? extends EventEnvelope<?>> traced = events.stream().map(this::traced).toList();
    String what = events.size() + " events, the first " + describe(events.get(0));
    write(what, connection -> outbox.append(connection, traced));
  }

  /**
   * The event with the current span as its trace parent when it has none, or when it inherited one
   * of the same trace from its cause (the current span, a handler's, is the closer parent).
   */
  private EventEnvelope<?> traced(EventEnvelope<?> event) {
    String current = traces.current();
    if (current == null || current.equals(event.traceparent())) {
      return event;
    }
    String own = event.traceparent();
    return own == null || sameTrace(own, current) ? event.withTraceparent(current) : event;
  }

  private static boolean sameTrace(String a, String b) {
    return a.length() >= 35 && b.length() >= 35 && a.regionMatches(0, b, 0, 35);
  }

  private void write(String what, Consumer<Connection> append) {
    try {
      TransactionConnection.run(
          dataSource,
          what,
          "OutboxWriter.append",
          connection -> {
            append.accept(connection);
            return null;
          });
    } catch (SQLException e) {
      throw new OutboxException("cannot use the transaction's connection: " + e.getMessage(), e);
    }
  }

  private static String describe(EventEnvelope<?> event) {
    return "event "
        + event.eventId()
        + " ("
        + event.eventType()
        + ", "
        + event.aggregateType()
        + " "
        + event.aggregateId()
        + ")";
  }
}
