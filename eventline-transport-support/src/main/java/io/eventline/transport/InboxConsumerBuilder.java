package io.eventline.transport;

import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings every transport's inbox consumer builder has: the topics, the handler and the
 * timings of shutdown and upkeep. Each setter validates its value at once and names the setting in
 * its error; {@link #settings()} checks that a topic and a handler were given.
 *
 * @param <B> the transport's builder
 */
public abstract class InboxConsumerBuilder<B extends InboxConsumerBuilder<B>> {
  private final Class<?> api;
  private final String consumer;
  private final Inbox inbox;
  private final List<String> topics = new ArrayList<>();
  private InboxHandler<byte[]> handler;
  private Duration shutdownTimeout = Duration.ofSeconds(30);
  private Duration replayInterval = Duration.ofSeconds(5);
  private Duration purgeInterval = Duration.ofMinutes(10);

  /**
   * @param api the consumer's public interface, named in errors
   * @param consumer the inbox consumer name
   * @param inbox the consumer database's inbox
   */
  protected InboxConsumerBuilder(Class<?> api, String consumer, Inbox inbox) {
    this.api = Objects.requireNonNull(api, "api");
    this.consumer = Inbox.requireConsumerName(consumer);
    this.inbox = Objects.requireNonNull(inbox, api.getSimpleName() + ".inbox may not be null");
  }

  /** The topics to consume; at least one, each 1 to 200 of a-z, A-Z, 0-9, '.', '_', '-'. */
  public final B topics(String... values) {
    for (String topic : values) {
      if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,200}")) {
        throw invalid(
            "topics: '"
                + topic
                + "' is not a valid topic (1 to 200 of a-z, A-Z, 0-9, '.', '_', '-')");
      }
      topics.add(topic);
    }
    return self();
  }

  /** The handler of raw events: the payload is the message's body. */
  public final B handler(InboxHandler<byte[]> value) {
    this.handler = Objects.requireNonNull(value, api.getSimpleName() + ".handler may not be null");
    return self();
  }

  /** The handler of JSON payloads of {@code type}; undecodable ones are dead-lettered at once. */
  public final <T> B handler(Class<T> type, InboxHandler<T> value) {
    return handler(InboxHandler.decoding(type, PayloadCodec.json(), value));
  }

  /** How long closing the consumer waits for the messages in flight; default 30 s. */
  public final B shutdownTimeout(Duration value) {
    this.shutdownTimeout = duration("shutdownTimeout", value, Duration.ZERO, Duration.ofDays(1));
    return self();
  }

  /** How often requested replays run; default 5 s. */
  public final B replayInterval(Duration value) {
    this.replayInterval =
        duration("replayInterval", value, Duration.ofMillis(10), Duration.ofDays(1));
    return self();
  }

  /** How often old marks are purged; default 10 min. */
  public final B purgeInterval(Duration value) {
    this.purgeInterval =
        duration("purgeInterval", value, Duration.ofMillis(10), Duration.ofDays(1));
    return self();
  }

  /**
   * The shared settings, for the transport's build.
   *
   * @throws IllegalArgumentException when no topic or no handler was given
   */
  protected final InboxConsumerSettings settings() {
    if (topics.isEmpty()) {
      throw invalid("topics: give at least one");
    }
    if (handler == null) {
      throw invalid("handler must be set");
    }
    return new InboxConsumerSettings(
        api, consumer, inbox, topics, handler, shutdownTimeout, replayInterval, purgeInterval);
  }

  /** {@code value} when it is in [min, max]; else an error naming the setting. */
  protected final int range(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(setting + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  /** {@code value} when it is in [min, max]; else (or for null) an error naming the setting. */
  protected final Duration duration(String setting, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(setting + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  /** An error whose message starts with the consumer's name: {@code Api.message}. */
  protected final IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(api.getSimpleName() + "." + message);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
