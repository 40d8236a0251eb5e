package io.eventline.examples.demo;

import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;

/**
 * The NATS JetStream given by its servers, with one stream per topic named after the run (deleted
 * at the end). The verdict reads each stream by sequence number, without a consumer.
 *
 * <p>Duplicates: the relay sends every event with {@code Nats-Msg-Id} = its event id, so JetStream
 * itself drops a re-send within the stream's duplicate window (2 minutes here). {@link #republish}
 * stands for a re-send after that window: same event, same {@code ce-id}, another {@code
 * Nats-Msg-Id}, so that the consumers' inboxes are what stops it.
 */
final class NatsDemoBroker extends DemoBroker {
  private final String servers;
  private final ExampleSystem.Topics topics;
  private final Connection connection;

  private NatsDemoBroker(String servers, ExampleSystem.Topics topics, Connection connection) {
    this.servers = servers;
    this.topics = topics;
    this.connection = connection;
  }

  static NatsDemoBroker start(String servers, ExampleSystem.Topics topics) throws IOException {
    Connection connection;
    try {
      connection =
          Nats.connect(
              new Options.Builder()
                  .server(servers)
                  .connectionTimeout(Duration.ofSeconds(5))
                  .build());
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot reach NATS at "
              + servers
              + ": "
              + e.getMessage()
              + ". Start nats-server with JetStream (-js) or give --nats nats://host:4222",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to NATS", e);
    }
    NatsDemoBroker broker = new NatsDemoBroker(servers, topics, connection);
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      for (String topic : topics.all()) {
        streams.addStream(
            StreamConfiguration.builder()
                .name(stream(topic))
                .subjects(topic + ".>")
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      broker.close();
      throw new IOException(
          "cannot create the demo's streams on NATS at "
              + servers
              + " (is JetStream enabled?): "
              + e.getMessage(),
          e);
    }
    return broker;
  }

  private static String stream(String topic) {
    return topic.replace('.', '_');
  }

  @Override
  Broker broker() {
    return new Broker("nats", servers);
  }

  @Override
  ExampleSystem.Topics topics() {
    return topics;
  }

  @Override
  String describe() {
    return "NATS JetStream at " + servers + " (streams " + topics.all() + ")";
  }

  @Override
  TopicLog read(String topic) {
    TopicLog.Tally tally = new TopicLog.Tally();
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      long last = streams.getStreamInfo(stream(topic)).getStreamState().getLastSequence();
      for (long sequence = 1; sequence <= last; sequence++) {
        Headers headers = streams.getMessage(stream(topic), sequence).getHeaders();
        tally.add(
            headers.getFirst("ce-id"),
            headers.getFirst("ce-aggregatetype"),
            headers.getFirst("ce-subject"),
            headers.getFirst("ce-aggregateversion"));
      }
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("cannot read the stream of " + topic + ": " + e, e);
    }
    return tally.log();
  }

  @Override
  String duplicates() {
    return "same event id, another Nats-Msg-Id: a re-send after the duplicate window";
  }

  @Override
  int republish(String topic, int count) throws IOException {
    int sent = 0;
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      long last = streams.getStreamInfo(stream(topic)).getStreamState().getLastSequence();
      for (long sequence = 1; sequence <= Math.min(last, count); sequence++) {
        MessageInfo original = streams.getMessage(stream(topic), sequence);
        Headers headers = new Headers(original.getHeaders());
        headers.put("Nats-Msg-Id", headers.getFirst("Nats-Msg-Id") + "-resent");
        connection
            .jetStream()
            .publish(
                NatsMessage.builder()
                    .subject(original.getSubject())
                    .headers(headers)
                    .data(original.getData())
                    .build());
        sent++;
      }
    } catch (JetStreamApiException e) {
      throw new IOException("JetStream refused a duplicate: " + e.getMessage(), e);
    }
    return sent;
  }

  @Override
  public void close() {
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      for (String topic : topics.all()) {
        try {
          streams.deleteStream(stream(topic));
        } catch (JetStreamApiException e) {
          // not created
        }
      }
    } catch (IOException | RuntimeException e) {
      // the run's names are its own: what is left does not disturb the next run
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
