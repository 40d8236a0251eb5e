package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxContext;
import io.eventline.inbox.InboxHandler;
import io.eventline.kafka.KafkaInboxConsumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one inbox-backed Kafka consumer per {@link EventlineHandler#consumer()} name. Starts after
 * every singleton exists (so every handler is known) and stops before the beans it calls are
 * destroyed: the record in flight on each partition finishes, offsets are committed, the group is
 * left.
 */
final class ConsumerLifecycle implements SmartLifecycle {
  /** Late start, early stop: after the web server started, before it stops. */
  static final int PHASE = Integer.MAX_VALUE - 100;

  private static final Logger log = LoggerFactory.getLogger(ConsumerLifecycle.class);

  private final HandlerRegistry registry;
  private final EventlineProperties properties;
  private final KafkaSettings kafka;
  private final Inbox inbox;
  private final PayloadCodec codec;
  private final TraceContext traces;
  private final ConsumerMeters meters;
  private final List<KafkaInboxConsumer> consumers = new ArrayList<>();
  private volatile boolean running;

  ConsumerLifecycle(
      HandlerRegistry registry,
      EventlineProperties properties,
      KafkaSettings kafka,
      Inbox inbox,
      PayloadCodec codec,
      TraceContext traces,
      ConsumerMeters meters) {
    this.registry = registry;
    this.properties = properties;
    this.kafka = kafka;
    this.inbox = inbox;
    this.codec = codec;
    this.traces = traces;
    this.meters = meters;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    Map<String, List<HandlerMethod>> byConsumer = new LinkedHashMap<>();
    for (HandlerMethod handler : registry.handlers()) {
      byConsumer.computeIfAbsent(handler.consumer(), name -> new ArrayList<>()).add(handler);
    }
    for (String configured : properties.getConsumers().keySet()) {
      if (!byConsumer.containsKey(configured)) {
        log.warn(
            "eventline.consumers.{} is set but no @EventlineHandler names consumer '{}'",
            configured,
            configured);
      }
    }
    try {
      byConsumer.forEach(this::startConsumer);
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
    running = true;
  }

  private void startConsumer(String name, List<HandlerMethod> handlers) {
    Inbox.requireConsumerName(name);
    Set<String> topics = new LinkedHashSet<>(handlers.get(0).topics());
    for (HandlerMethod handler : handlers) {
      if (!new LinkedHashSet<>(handler.topics()).equals(topics)) {
        throw new IllegalStateException(
            "@EventlineHandler methods of consumer '"
                + name
                + "' name different topics: "
                + handlers.get(0).name()
                + " "
                + topics
                + ", "
                + handler.name()
                + " "
                + handler.topics()
                + "; give them the same topics, or different consumer names");
      }
    }
    EventlineProperties.Consumer settings =
        properties.getConsumers().getOrDefault(name, new EventlineProperties.Consumer());
    if (!settings.isEnabled()) {
      log.info("consumer {} is off on this instance (eventline.consumers.{}.enabled)", name, name);
      return;
    }
    EventlineProperties.InboxSettings defaults = properties.getInbox();
    String group = settings.getGroupId() != null ? settings.getGroupId() : name;
    KafkaInboxConsumer.Builder builder =
        KafkaInboxConsumer.builder(kafka.bootstrapServers(), group, inbox)
            .consumer(name)
            .topics(topics.toArray(String[]::new))
            .handler(dispatch(name, List.copyOf(handlers)))
            .threads(settings.getThreads() != null ? settings.getThreads() : defaults.getThreads())
            .batchSize(settings.getBatchSize())
            .shutdownTimeout(defaults.getShutdownTimeout())
            .commitInterval(defaults.getCommitInterval());
    if (settings.getDeadLetterTopic() != null) {
      builder.deadLetterTopic(settings.getDeadLetterTopic());
    }
    kafka.consumer().forEach(builder::property);
    KafkaInboxConsumer consumer = builder.build();
    consumers.add(consumer);
    meters.bind(consumer, inbox);
    consumer.start();
    log.info(
        "consumer {} started on {} (group {}) with {} handler method(s)",
        name,
        topics,
        group,
        handlers.size());
  }

  private InboxHandler<byte[]> dispatch(String consumer, List<HandlerMethod> handlers) {
    return (EventEnvelope<byte[]> event, InboxContext context) -> {
      try (TraceContext.Handling span = traces.handling(event, consumer)) {
        try {
          for (HandlerMethod handler : handlers) {
            if (handler.accepts(event.eventType())) {
              handler.invoke(event, context, codec);
            }
          }
        } catch (Exception | Error e) {
          span.failed(e);
          throw e;
        }
      }
    };
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                stop();
              } finally {
                callback.run();
              }
            },
            "eventline-consumers-stop");
    stopper.start();
  }

  @Override
  public synchronized void stop() {
    closeAll();
    running = false;
  }

  private void closeAll() {
    List<Thread> closing = new ArrayList<>();
    for (KafkaInboxConsumer consumer : consumers) {
      Thread thread = new Thread(consumer::close, "eventline-consumer-stop-" + consumer.consumer());
      thread.start();
      closing.add(thread);
    }
    for (Thread thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    consumers.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The consumers running now. */
  synchronized List<KafkaInboxConsumer> consumers() {
    return List.copyOf(consumers);
  }
}
