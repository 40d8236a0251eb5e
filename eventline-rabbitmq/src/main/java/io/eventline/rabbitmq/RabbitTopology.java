package io.eventline.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The layout on the broker. A topic is a durable direct exchange of the same name. A consumer group
 * reads it through one durable queue per partition, {@code <topic>.<group>.<partition>}, bound with
 * the partition number as routing key and declared with {@code x-single-active-consumer}: however
 * many instances of the group run, one consumes each queue at a time, in order, and another takes
 * over when it goes away. The relay routes each message by the partition of its aggregate ({@link
 * io.eventline.transport.PartitionKey}), so one aggregate's messages share a queue.
 */
final class RabbitTopology {
  private RabbitTopology() {}

  static void declareExchange(Channel channel, String topic) throws IOException {
    channel.exchangeDeclare(topic, BuiltinExchangeType.DIRECT, true);
  }

  static String queue(String topic, String group, int partition) {
    return topic + "." + group + "." + partition;
  }

  static void declareQueues(
      Channel channel, String topic, String group, int partitions, String queueType)
      throws IOException {
    declareExchange(channel, topic);
    for (int p = 0; p < partitions; p++) {
      String queue = queue(topic, group, p);
      channel.queueDeclare(
          queue,
          true,
          false,
          false,
          Map.of("x-queue-type", queueType, "x-single-active-consumer", true));
      channel.queueBind(queue, topic, Integer.toString(p));
    }
  }
}
