package io.eventline.nats;

import io.eventline.transport.InboxConsumerSettings;
import io.eventline.transport.InboxConsumerStatus;
import io.eventline.transport.InboxSettler;
import io.eventline.transport.InboxUpkeep;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner: one durable pull consumer and lane thread per partition, and the inbox upkeep. */
final class DefaultNatsInboxConsumer implements NatsInboxConsumer {
  private static final Logger log = LoggerFactory.getLogger(NatsInboxConsumer.class);

  private final InboxConsumerSettings common;
  private final NatsInboxConsumer.Builder settings;
  private final InboxSettler settler;
  private final List<PartitionLane> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private Connection connection;
  private InboxUpkeep upkeep;
  private volatile boolean running;
  private boolean started;

  DefaultNatsInboxConsumer(InboxConsumerSettings common, NatsInboxConsumer.Builder settings) {
    this.common = common;
    this.settings = settings;
    this.settler = common.settler();
  }

  @Override
  public synchronized NatsInboxConsumer start() {
    if (started) {
      throw new IllegalStateException("consumer " + common.consumer() + " was already started");
    }
    started = true;
    try {
      connection =
          Nats.connect(
              new Options.Builder()
                  .server(settings.servers)
                  .connectionName("eventline-inbox-" + common.consumer())
                  .maxReconnects(-1)
                  .build());
      JetStream js = connection.jetStream();
      running = true;
      for (String topic : common.topics()) {
        for (int p = 0; p < settings.partitions; p++) {
          if (settings.ownPartitions == null || settings.ownPartitions.contains(p)) {
            bind(js, topic, p);
          }
        }
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      close();
      throw new IllegalStateException(
          "consumer "
              + common.consumer()
              + " could not start on NATS at "
              + settings.servers
              + ": "
              + InboxSettler.summary(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting " + common.consumer(), e);
    }
    threads.forEach(Thread::start);
    upkeep = common.startUpkeep();
    log.info(
        "consumer {} started on {}: topics {}, {} partitions, fetch batch {}",
        common.consumer(),
        settings.servers,
        common.topics(),
        settings.ownPartitions == null ? settings.partitions : settings.ownPartitions,
        settings.fetchBatch);
    return this;
  }

  private void bind(JetStream js, String topic, int partition)
      throws IOException, JetStreamApiException {
    String subject = topic + "." + partition;
    List<String> streams = connection.jetStreamManagement().getStreamNames(subject);
    if (streams.isEmpty()) {
      throw new IllegalStateException(
          "no JetStream stream captures subject '"
              + subject
              + "'; create one with subjects '"
              + topic
              + ".>'");
    }
    String stream = streams.get(0);
    String durable = (common.consumer() + "_" + topic + "_" + partition).replace('.', '_');
    ConsumerConfiguration configuration =
        ConsumerConfiguration.builder()
            .durable(durable)
            .filterSubject(subject)
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.All)
            .ackWait(settings.ackWait)
            .maxAckPending(settings.fetchBatch)
            .build();
    JetStreamSubscription subscription =
        js.subscribe(
            subject,
            PullSubscribeOptions.builder().stream(stream).configuration(configuration).build());
    PartitionLane lane =
        new PartitionLane(subject, topic, stream, subscription, settler, settings.fetchBatch);
    lanes.add(lane);
    Thread thread = new Thread(lane, "eventline-inbox-" + common.consumer() + "-" + subject);
    thread.setDaemon(true);
    threads.add(thread);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!running && connection == null) {
        return;
      }
      running = false;
    }
    lanes.forEach(PartitionLane::stop);
    common.awaitLanes(
        threads, common.shutdownTimeout(), "JetStream redelivers it after the ack wait");
    if (upkeep != null) {
      upkeep.close();
    }
    if (connection != null) {
      try {
        connection.flush(Duration.ofSeconds(5));
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        log.debug("consumer {}: closing the NATS connection: {}", common.consumer(), e.toString());
      }
      connection = null;
    }
    common.logStopped(settler.status(false));
  }

  @Override
  public InboxConsumerStatus status() {
    return settler.status(running);
  }
}
