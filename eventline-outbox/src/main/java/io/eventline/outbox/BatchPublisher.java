package io.eventline.outbox;

import io.eventline.outbox.OutboxTransport.FailureKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one claimed batch and sorts the outcome into what the marks need: published, failed once,
 * dead. Within an aggregate nothing is sent after a row that is rejected, and only the first
 * failing row of an aggregate is charged an attempt.
 */
final class BatchPublisher {
  private final OutboxTransport transport;
  private final long sendTimeoutMillis;

  BatchPublisher(OutboxTransport transport, long sendTimeoutMillis) {
    this.transport = transport;
    this.sendTimeoutMillis = sendTimeoutMillis;
  }

  /** What became of a batch. */
  static final class Outcome {
    final List<Long> published = new ArrayList<>();
    final List<Failure> failed = new ArrayList<>();
    final List<Failure> dead = new ArrayList<>();
    boolean unavailable;
    String unavailableReason;
    int orderViolations;
  }

  record Failure(ClaimedRow row, String error) {}

  Outcome publish(List<ClaimedRow> rows) throws InterruptedException {
    Outcome outcome = new Outcome();
    Set<String> held = new HashSet<>();
    List<ClaimedRow> sent = new ArrayList<>(rows.size());
    List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
    for (ClaimedRow row : rows) {
      if (held.contains(row.aggregateKey())) {
        continue;
      }
      String reason = row.isValid() ? rejectReason(row.record()) : row.invalid();
      if (reason != null) {
        outcome.dead.add(new Failure(row, reason));
        held.add(row.aggregateKey());
        continue;
      }
      CompletableFuture<Void> ack = sendSafely(row.record());
      sent.add(row);
      acks.add(ack);
      if (ack.isCompletedExceptionally() && classify(cause(ack)) == FailureKind.UNAVAILABLE) {
        // the transport failed at once for want of a broker: sending the rest would only wait
        // out the same timeout once per record
        break;
      }
    }
    await(acks);
    Set<String> failedAggregates = new HashSet<>();
    for (int i = 0; i < sent.size(); i++) {
      ClaimedRow row = sent.get(i);
      CompletableFuture<Void> ack = acks.get(i);
      if (ack.isDone() && !ack.isCompletedExceptionally()) {
        if (failedAggregates.contains(row.aggregateKey())) {
          outcome.orderViolations++;
        }
        outcome.published.add(row.position());
        continue;
      }
      Throwable error = ack.isDone() ? cause(ack) : null;
      FailureKind kind = error == null ? FailureKind.UNAVAILABLE : classify(error);
      boolean first = failedAggregates.add(row.aggregateKey());
      switch (kind) {
        case UNAVAILABLE -> {
          outcome.unavailable = true;
          outcome.unavailableReason =
              error == null
                  ? "no acknowledgement within " + sendTimeoutMillis + " ms"
                  : describe(error);
        }
        case RETRIABLE -> {
          if (first) {
            outcome.failed.add(new Failure(row, describe(error)));
          }
        }
        case PERMANENT -> {
          if (first) {
            outcome.dead.add(new Failure(row, describe(error)));
          }
        }
      }
    }
    return outcome;
  }

  private String rejectReason(OutboxRecord record) {
    if (!Topics.isValid(record.topic())) {
      return "invalid topic name '"
          + String.valueOf(record.topic()).replaceAll("\\p{Cntrl}", "?")
          + "': use 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-'";
    }
    try {
      return transport.reject(record);
    } catch (RuntimeException e) {
      return "the " + transport.name() + " transport refused the record: " + describe(e);
    }
  }

  private CompletableFuture<Void> sendSafely(OutboxRecord record) {
    try {
      CompletableFuture<Void> ack = transport.send(record);
      return ack != null
          ? ack
          : CompletableFuture.failedFuture(new IllegalStateException("null ack"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void await(List<CompletableFuture<Void>> acks) throws InterruptedException {
    if (acks.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // inspected per record by the caller
    }
  }

  private FailureKind classify(Throwable error) {
    try {
      FailureKind kind = transport.classify(error);
      return kind == null ? FailureKind.RETRIABLE : kind;
    } catch (RuntimeException e) {
      return FailureKind.RETRIABLE;
    }
  }

  private static Throwable cause(CompletableFuture<Void> ack) {
    try {
      ack.getNow(null);
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (java.util.concurrent.CancellationException e) {
      return e;
    }
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
