package io.eventline.outbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventTypeRule;
import io.eventline.core.PayloadCodec;
import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * Writes events into the outbox table, on the caller's connection and inside the caller's
 * transaction: the events commit or roll back together with the caller's own writes. There is no
 * second connection and no after-commit step that a crash could skip.
 *
 * <p>The relay ({@link OutboxRelay}) later publishes every committed row at least once, in
 * per-aggregate order. On PostgreSQL the commit wakes the relays at once (a statement trigger
 * issues {@code NOTIFY}); on other databases they poll.
 *
 * <p>The payload is encoded with the {@link PayloadCodec} (JSON by default) and must be JSON: a
 * {@code byte[]} payload is taken as JSON text as it is. The correlation id, causation id and trace
 * context go into the {@code headers} column next to the envelope's free headers.
 *
 * <p>Hazards: {@code append} does not commit; calling it on an auto-commit connection writes the
 * event immediately, outside any business transaction. A duplicate event id fails the caller's
 * statement with a unique-key violation. Thread-safe; the connection is not.
 */
public interface Outbox {

  /** Appends one event to its aggregate type's topic. */
  void append(Connection connection, EventEnvelope<?> event);

  /** Appends one event to {@code topic}. */
  void append(Connection connection, String topic, EventEnvelope<?> event);

  /** Appends several events in one round trip, in list order. */
  void append(Connection connection, List<? extends EventEnvelope<?>> events);

  /** An outbox with the default settings: JSON payloads, rejecting badly named event types. */
  static Outbox create() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Settings for {@link Outbox}. */
  final class Builder {
    PayloadCodec codec = PayloadCodec.json();
    EventTypeRule naming = EventTypeRule.reject();
    Dialect dialect;

    Builder() {}

    /** How payloads are encoded; it must produce JSON. Default {@link PayloadCodec#json()}. */
    public Builder codec(PayloadCodec value) {
      this.codec = Objects.requireNonNull(value, "Outbox.codec may not be null");
      return this;
    }

    /** The event-type naming rule checked on append; default {@link EventTypeRule#reject()}. */
    public Builder naming(EventTypeRule value) {
      this.naming = Objects.requireNonNull(value, "Outbox.naming may not be null");
      return this;
    }

    /** The database dialect; default: detected from the first connection. */
    public Builder dialect(Dialect value) {
      this.dialect = Objects.requireNonNull(value, "Outbox.dialect may not be null");
      return this;
    }

    public Outbox build() {
      return new JdbcOutbox(this);
    }
  }
}
