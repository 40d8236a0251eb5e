package io.eventline.sqs;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.tck.Received;
import io.eventline.transport.tck.RunningConsumer;
import io.eventline.transport.tck.TransportContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The transport contract on FIFO queues of ElasticMQ, an SQS-compatible server started in this JVM
 * on a free port.
 */
class SqsTransportContractIntegrationTests extends TransportContract {
  static SQSRestServer server;
  static URI endpoint;
  static SqsClient admin;
  final List<String> queues = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    if (server != null) {
      return;
    }
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    admin = client(endpoint);
  }

  @AfterAll
  static void stopServer() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.stopAndWait();
      server = null;
      admin = null;
    }
  }

  static SqsClient client(URI uri) {
    return SqsClient.builder()
        .endpointOverride(uri)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private String url(String topic) {
    return admin.getQueueUrl(b -> b.queueName(SqsQueues.queueName("", topic, true))).queueUrl();
  }

  @Override
  protected String createTopic(String base) {
    String topic = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    String queue = SqsQueues.queueName("", topic, true);
    admin.createQueue(
        b ->
            b.queueName(queue)
                .attributes(
                    Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")));
    queues.add(queue);
    return topic;
  }

  @Override
  protected void deleteTopics() {
    for (String queue : queues) {
      String url = admin.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      admin.deleteQueue(b -> b.queueUrl(url));
    }
    queues.clear();
  }

  @Override
  protected OutboxTransport transport(int maxMessageBytes) {
    SqsTransport.Builder builder =
        SqsTransport.builder(client(endpoint)).queueCacheTtl(Duration.ZERO);
    if (maxMessageBytes > 0) {
      builder.maxMessageBytes(maxMessageBytes);
    }
    return builder.build();
  }

  @Override
  protected OutboxTransport unreachableTransport() {
    return SqsTransport.builder(client(URI.create("http://127.0.0.1:1"))).build();
  }

  @Override
  protected String wireName(String attribute) {
    return SqsCloudEvents.wireName(attribute);
  }

  @Override
  protected List<Received> read(String topic, int expected, Duration wait) {
    List<Received> received = new ArrayList<>();
    String url = url(topic);
    long deadline = System.nanoTime() + wait.toNanos();
    while (received.size() < expected && System.nanoTime() < deadline) {
      List<Message> messages =
          admin
              .receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages();
      for (Message message : messages) {
        received.add(
            new Received(
                SqsCloudEvents.flatten(message.messageAttributes()),
                message.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        admin.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
    return received;
  }

  private void sendRaw(
      String topic, EventEnvelope<byte[]> event, Map<String, MessageAttributeValue> attributes) {
    String url = url(topic);
    admin.sendMessage(
        b ->
            b.queueUrl(url)
                .messageBody(new String(event.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .messageAttributes(attributes)
                .messageGroupId(event.aggregateId())
                .messageDeduplicationId(UUID.randomUUID().toString()));
  }

  @Override
  protected void publishMalformed(
      String topic, EventEnvelope<byte[]> event, String attribute, String value) {
    Map<String, MessageAttributeValue> attributes =
        new HashMap<>(SqsCloudEvents.attributes(event, "/tests"));
    attributes.remove(wireName(attribute));
    if (value != null) {
      attributes.put(
          wireName(attribute),
          MessageAttributeValue.builder().dataType("String").stringValue(value).build());
    }
    sendRaw(topic, event, attributes);
  }

  @Override
  protected void publishAgain(String topic, EventEnvelope<byte[]> event) {
    // a fresh deduplication id: SQS would drop the same event id within 5 minutes
    sendRaw(topic, event, SqsCloudEvents.attributes(event, "/tests"));
  }

  @Override
  protected RunningConsumer startConsumer(
      String topic, Inbox inbox, String consumer, InboxHandler<byte[]> handler) {
    SqsInboxConsumer runner =
        SqsInboxConsumer.builder(client(endpoint), consumer, inbox)
            .topics(topic)
            .waitTime(Duration.ofSeconds(1))
            .visibilityTimeout(Duration.ofSeconds(30))
            .replayInterval(Duration.ofMillis(200))
            .handler(handler)
            .build()
            .start();
    return RunningConsumer.ofStatus(runner::status, runner::close);
  }

  @Override
  protected String sourcePrefix() {
    return "sqs:";
  }
}
