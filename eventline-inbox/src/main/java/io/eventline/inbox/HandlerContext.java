package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.outbox.Outbox;
import java.sql.Connection;

/** The {@link InboxContext} of one handler call. */
final class HandlerContext implements InboxContext {
  private final String consumer;
  private final Connection connection;
  private final EventEnvelope<?> incoming;
  private final int attempt;
  private final EventFactory factory;
  private final Outbox outbox;
  private EventFactory causedBy;

  HandlerContext(
      String consumer,
      Connection connection,
      EventEnvelope<?> incoming,
      int attempt,
      EventFactory factory,
      Outbox outbox) {
    this.consumer = consumer;
    this.connection = connection;
    this.incoming = incoming;
    this.attempt = attempt;
    this.factory = factory;
    this.outbox = outbox;
  }

  @Override
  public String consumer() {
    return consumer;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public EventEnvelope<?> incoming() {
    return incoming;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public EventFactory events() {
    if (causedBy == null) {
      causedBy = factory.causedBy(incoming);
    }
    return causedBy;
  }

  @Override
  public void emit(EventEnvelope<?> event) {
    outbox.append(connection, event.causedBy(incoming));
  }

  @Override
  public void emit(String topic, EventEnvelope<?> event) {
    outbox.append(connection, topic, event.causedBy(incoming));
  }
}
