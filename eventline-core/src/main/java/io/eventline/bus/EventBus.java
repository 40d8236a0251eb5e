package io.eventline.bus;

import io.eventline.core.EventEnvelope;
import io.eventline.core.TransactionHooks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An in-process event bus for domain events within one service (pattern 1).
 *
 * <p><b>Dispatch.</b> Synchronous handlers run on the publishing thread in registration order;
 * asynchronous ones run on the bus's executor. One handler's exception never stops the others: it
 * goes to the {@link HandlerErrorListener} with the event and the handler's name.
 *
 * <p><b>Transactions.</b> When the {@link TransactionHooks} report an active transaction, {@link
 * #publish} defers dispatch until after commit and drops the event on rollback, so handlers never
 * see a fact that was rolled back. The bus is not durable: an event dispatched after commit is lost
 * if the process dies before a handler finishes. Use the outbox for anything that must survive a
 * crash.
 *
 * <p><b>Causality.</b> An event published from inside a handler, with no causation id of its own,
 * is linked to the event being handled (same correlation id, causation id = that event's id), also
 * from asynchronous handlers and after commit. Chains of handlers publishing events stop at {@link
 * Builder#maxDepth(int)}: the publication that would go deeper throws an {@link
 * EventRecursionException}, which reaches the error listener once, and every further publication of
 * the same synchronous chain is refused too, so a synchronous cycle that fans out stops as quickly
 * as a straight one. Asynchronous handlers carry the depth to the executor but not the refusal: an
 * asynchronous cycle that fans out is bounded only by the depth.
 *
 * <p>Subscribing, unsubscribing and publishing are safe from any number of threads.
 */
public interface EventBus extends AutoCloseable {

  /** A bus with default settings: no transactions, async handlers on virtual threads if any. */
  static EventBus create() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Subscribes {@code handler} to events of type {@code eventType}, synchronously. */
  default Subscription subscribe(String eventType, EventHandler<Object> handler) {
    return subscribe(eventType, Delivery.SYNC, handler);
  }

  /** Subscribes {@code handler} to events of type {@code eventType}. */
  Subscription subscribe(String eventType, Delivery delivery, EventHandler<Object> handler);

  /** Subscribes {@code handler} to events whose payload is an instance of {@code payloadType}. */
  default <T> Subscription subscribe(Class<T> payloadType, EventHandler<T> handler) {
    return subscribe(payloadType, Delivery.SYNC, handler);
  }

  /** Subscribes {@code handler} to events whose payload is an instance of {@code payloadType}. */
  <T> Subscription subscribe(Class<T> payloadType, Delivery delivery, EventHandler<T> handler);

  /**
   * Subscribes every {@link Subscribe}-annotated method of {@code listener}. The returned handle
   * unsubscribes them all.
   *
   * @throws IllegalArgumentException when an annotated method has the wrong shape, or none exists
   */
  Subscription register(Object listener);

  /**
   * Publishes {@code event}: dispatches it now, or after the current transaction commits.
   *
   * @throws EventRecursionException when called from handlers nested {@code maxDepth} deep, or
   *     after another publication of the same chain was refused; checked at once, also inside a
   *     transaction
   * @throws IllegalStateException when the bus is closed
   */
  void publish(EventEnvelope<?> event);

  /** Stops accepting events and waits for asynchronous handlers to finish, up to the timeout. */
  @Override
  void close();

  /** Settings for {@link EventBus}, validated by {@link #build()}. */
  final class Builder {
    TransactionHooks transactions = TransactionHooks.none();
    Executor executor;
    HandlerErrorListener errorListener;
    int maxDepth = 32;
    Duration closeTimeout = Duration.ofSeconds(10);
    String name = "eventline-bus";

    Builder() {}

    /** Where to learn about the caller's transaction; default {@link TransactionHooks#none()}. */
    public Builder transactions(TransactionHooks value) {
      this.transactions = Objects.requireNonNull(value, "EventBus.transactions may not be null");
      return this;
    }

    /**
     * The executor for asynchronous handlers. Default: a virtual thread per task on Java 21 and
     * later, else a small pool of daemon threads; either is shut down by {@link EventBus#close()}.
     * A supplied executor is not shut down by the bus.
     */
    public Builder executor(Executor value) {
      this.executor = Objects.requireNonNull(value, "EventBus.executor may not be null");
      return this;
    }

    /** Receives handler failures; default logs the event, the handler and the error. */
    public Builder errorListener(HandlerErrorListener value) {
      this.errorListener = Objects.requireNonNull(value, "EventBus.errorListener may not be null");
      return this;
    }

    /** How deep handlers may nest publications; default 32. */
    public Builder maxDepth(int value) {
      if (value < 1 || value > 1024) {
        throw new IllegalArgumentException(
            "EventBus.maxDepth must be in [1, 1024] but was " + value);
      }
      this.maxDepth = value;
      return this;
    }

    /** How long {@link EventBus#close()} waits for asynchronous handlers; default 10 s. */
    public Builder closeTimeout(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("EventBus.closeTimeout must be >= 0 but was " + value);
      }
      this.closeTimeout = value;
      return this;
    }

    /** The name used in thread names and log lines; default {@code eventline-bus}. */
    public Builder name(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("EventBus.name may not be blank");
      }
      this.name = value;
      return this;
    }

    public EventBus build() {
      return new DefaultEventBus(this);
    }
  }
}
