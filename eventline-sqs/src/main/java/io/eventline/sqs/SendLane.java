package io.eventline.sqs;

import io.eventline.transport.ExistenceCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * One sending thread: takes what is queued, groups it by queue in arrival order and sends it in
 * {@code SendMessageBatch} calls of at most 10 entries and the size limit, one call at a time, so
 * the messages of one aggregate (always on the same lane) reach SQS in the order sent. After an
 * entry fails, the later messages of its aggregate in the same round are failed too rather than
 * sent past it.
 */
final class SendLane implements Runnable {
  private static final int MAX_ENTRIES = 10;

  record Pending(
      String queue,
      String groupId,
      String deduplicationId,
      String body,
      Map<String, MessageAttributeValue> attributes,
      int size,
      CompletableFuture<Void> ack) {}

  private final SqsClient client;
  private final ExistenceCache<String> urls;
  private final int maxBatchBytes;
  private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private volatile boolean running = true;

  SendLane(SqsClient client, ExistenceCache<String> urls, int maxBatchBytes) {
    this.client = client;
    this.urls = urls;
    this.maxBatchBytes = maxBatchBytes;
  }

  void offer(Pending pending) {
    if (!running) {
      pending.ack.completeExceptionally(new IllegalStateException("the SQS transport is closed"));
      return;
    }
    waiting.add(pending);
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      while (running) {
        Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending> round = new ArrayList<>();
        round.add(first);
        waiting.drainTo(round, 999);
        Map<String, List<Pending>> byQueue = new LinkedHashMap<>();
        for (Pending pending : round) {
          byQueue.computeIfAbsent(pending.queue, q -> new ArrayList<>()).add(pending);
        }
        byQueue.forEach(this::send);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      List<Pending> left = new ArrayList<>();
      waiting.drainTo(left);
      left.forEach(
          p -> p.ack.completeExceptionally(new IllegalStateException("the SQS transport closed")));
    }
  }

  private void send(String queue, List<Pending> messages) {
    String url;
    try {
      url = urls.get(queue);
    } catch (RuntimeException e) {
      messages.forEach(p -> p.ack.completeExceptionally(e));
      return;
    }
    if (url == null) {
      SendFailure missing =
          new SendFailure(
              SendFailure.Kind.MISSING_QUEUE,
              "SQS queue '" + queue + "' does not exist; create it, or route the event elsewhere");
      messages.forEach(p -> p.ack.completeExceptionally(missing));
      return;
    }
    Set<String> failedGroups = new HashSet<>();
    int next = 0;
    while (next < messages.size()) {
      List<Pending> batch = new ArrayList<>(MAX_ENTRIES);
      int bytes = 0;
      while (next < messages.size() && batch.size() < MAX_ENTRIES) {
        Pending candidate = messages.get(next);
        if (candidate.groupId != null && failedGroups.contains(candidate.groupId)) {
          candidate.ack.completeExceptionally(
              new SendFailure(
                  SendFailure.Kind.ENTRY_FAILED,
                  "not sent: an earlier message of its aggregate failed in the same round"));
          next++;
          continue;
        }
        if (!batch.isEmpty() && bytes + candidate.size > maxBatchBytes) {
          break;
        }
        batch.add(candidate);
        bytes += candidate.size;
        next++;
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        sendBatch(queue, url, batch, failedGroups);
      } catch (SqsException e) {
        if (batch.size() > 1 && isRequestRefused(e)) {
          // SQS refused the whole call for one entry's content (too long, invalid attribute):
          // send the entries one by one, so only the culprit fails
          for (Pending pending : batch) {
            sendAlone(queue, url, pending, failedGroups);
          }
          continue;
        }
        failRest(messages, batch, next, e);
        if (e instanceof QueueDoesNotExistException) {
          urls.forget(queue);
        }
        return;
      } catch (RuntimeException e) {
        failRest(messages, batch, next, e);
        return;
      }
    }
  }

  private static void failRest(
      List<Pending> messages, List<Pending> batch, int next, RuntimeException e) {
    batch.forEach(p -> p.ack.completeExceptionally(e));
    for (int i = next; i < messages.size(); i++) {
      messages.get(i).ack.completeExceptionally(e);
    }
  }

  /** A client error about the request's content, not about the queue or the rate. */
  static boolean isRequestRefused(SqsException e) {
    return e.statusCode() == 400
        && !(e instanceof QueueDoesNotExistException)
        && !e.isThrottlingException();
  }

  private void sendAlone(String queue, String url, Pending pending, Set<String> failedGroups) {
    if (pending.groupId != null && failedGroups.contains(pending.groupId)) {
      pending.ack.completeExceptionally(
          new SendFailure(
              SendFailure.Kind.ENTRY_FAILED,
              "not sent: an earlier message of its aggregate failed in the same round"));
      return;
    }
    try {
      sendBatch(queue, url, List.of(pending), failedGroups);
    } catch (RuntimeException e) {
      if (pending.groupId != null) {
        failedGroups.add(pending.groupId);
      }
      pending.ack.completeExceptionally(e);
    }
  }

  private void sendBatch(String queue, String url, List<Pending> batch, Set<String> failedGroups) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending pending = batch.get(i);
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .messageBody(pending.body)
              .messageAttributes(pending.attributes)
              .messageGroupId(pending.groupId)
              .messageDeduplicationId(pending.deduplicationId)
              .build());
    }
    SendMessageBatchResponse response =
        client.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
    response.successful().forEach(ok -> batch.get(Integer.parseInt(ok.id())).ack.complete(null));
    for (BatchResultErrorEntry failed : response.failed()) {
      Pending pending = batch.get(Integer.parseInt(failed.id()));
      if (pending.groupId != null) {
        failedGroups.add(pending.groupId);
      }
      pending.ack.completeExceptionally(
          new SendFailure(
              Boolean.TRUE.equals(failed.senderFault())
                  ? SendFailure.Kind.ENTRY_REFUSED
                  : SendFailure.Kind.ENTRY_FAILED,
              "SQS refused the message on queue '"
                  + queue
                  + "': "
                  + failed.code()
                  + " "
                  + failed.message()));
    }
    for (Pending pending : batch) {
      if (!pending.ack.isDone()) {
        pending.ack.completeExceptionally(
            new SendFailure(
                SendFailure.Kind.ENTRY_FAILED,
                "SQS answered the batch without a result for this message"));
      }
    }
  }
}
