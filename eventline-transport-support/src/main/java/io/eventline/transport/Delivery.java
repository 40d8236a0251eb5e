package io.eventline.transport;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.MalformedRecord;

/** One message as a consumer runner received it, before it is acknowledged. */
public interface Delivery {

  /**
   * Where it came from, unique per message and stable across redeliveries where the broker allows
   * (such as {@code nats:orders/17}); it keys malformed dead letters.
   */
  String source();

  /**
   * The event the message carries.
   *
   * @throws InvalidEventException when it is not a readable Eventline event
   */
  EventEnvelope<byte[]> event();

  /** The message as it arrived, for the dead letters, with the reason it could not be read. */
  MalformedRecord malformed(String reason);

  /**
   * Called while the message is retried in place, before each new attempt: tells the broker the
   * consumer still works on it (NATS {@code +WPI}, an SQS visibility extension). Default: nothing.
   */
  default void stillWorking() {}
}
