package io.eventline.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One confirm-mode channel and the messages on it that the broker has not confirmed yet. Publishes
 * are serialised by a lock (a channel is not safe for concurrent publishing), so messages of one
 * aggregate, which always use the same channel, reach the broker in the order they were sent.
 *
 * <p>A message completes when the broker confirms it ({@code basic.ack}); it fails when the broker
 * nacks it, when it was returned as unroutable (the return arrives before the confirm), or when the
 * channel or connection closes first, with the close reason.
 */
final class PublishChannel {
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private volatile Channel channel;

  private record Pending(String messageId, String exchange, CompletableFuture<Void> ack) {}

  CompletableFuture<Void> publish(
      Connection connection,
      String exchange,
      String routingKey,
      AMQP.BasicProperties properties,
      byte[] body) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    lock.lock();
    try {
      Channel open = open(connection);
      long sequence = open.getNextPublishSeqNo();
      pending.put(sequence, new Pending(properties.getMessageId(), exchange, ack));
      try {
        open.basicPublish(exchange, routingKey, true, properties, body);
      } catch (IOException | RuntimeException e) {
        pending.remove(sequence);
        ack.completeExceptionally(e);
      }
    } catch (IOException | RuntimeException e) {
      ack.completeExceptionally(e);
    } finally {
      lock.unlock();
    }
    return ack;
  }

  private Channel open(Connection connection) throws IOException {
    Channel current = channel;
    if (current != null && current.isOpen() && current.getConnection() == connection) {
      return current;
    }
    Channel fresh = connection.createChannel();
    fresh.confirmSelect();
    fresh.addReturnListener(returnedMessage -> returned.add(messageId(returnedMessage)));
    fresh.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, null),
        (tag, multiple) ->
            settle(
                tag,
                multiple,
                new PublishFailure(
                    PublishFailure.Kind.NACKED,
                    "RabbitMQ nacked the message: it did not take responsibility for it")));
    fresh.addShutdownListener(this::failAll);
    channel = fresh;
    return fresh;
  }

  private static String messageId(com.rabbitmq.client.Return returnedMessage) {
    String id = returnedMessage.getProperties().getMessageId();
    return id == null ? "" : id;
  }

  private void settle(long tag, boolean multiple, RuntimeException failure) {
    ConcurrentNavigableMap<Long, Pending> done =
        multiple ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
    for (Map.Entry<Long, Pending> entry : done.entrySet()) {
      Pending message = entry.getValue();
      if (pending.remove(entry.getKey(), message)) {
        if (failure != null) {
          message.ack.completeExceptionally(failure);
        } else if (returned.remove(message.messageId == null ? "" : message.messageId)) {
          message.ack.completeExceptionally(
              new PublishFailure(
                  PublishFailure.Kind.UNROUTABLE,
                  "no queue is bound to exchange '"
                      + message.exchange
                      + "' for this message's partition, so RabbitMQ returned it; start the"
                      + " consumers (they declare their queues) or declare the queues"));
        } else {
          message.ack.complete(null);
        }
      }
    }
  }

  private void failAll(ShutdownSignalException cause) {
    for (Long sequence : pending.keySet()) {
      Pending message = pending.remove(sequence);
      if (message != null) {
        message.ack.completeExceptionally(cause);
      }
    }
  }

  void close() {
    Channel current = channel;
    if (current != null && current.isOpen()) {
      try {
        current.close();
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        // closing anyway; pending messages fail through the shutdown listener
      }
    }
  }
}
