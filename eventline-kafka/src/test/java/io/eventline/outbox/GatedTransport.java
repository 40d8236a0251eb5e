package io.eventline.outbox;

import java.util.concurrent.CompletableFuture;

/**
 * Wraps a real transport and holds every acknowledgement back from the relay until the gate opens:
 * the broker has the records, the relay does not know yet. Killing the relay meanwhile is a crash
 * between send and mark.
 */
final class GatedTransport implements OutboxTransport {
  private final OutboxTransport delegate;
  private final CompletableFuture<Void> gate = new CompletableFuture<>();

  GatedTransport(OutboxTransport delegate) {
    this.delegate = delegate;
  }

  void open() {
    gate.complete(null);
  }

  @Override
  public String name() {
    return "gated-" + delegate.name();
  }

  @Override
  public CompletableFuture<Void> send(OutboxRecord record) {
    return delegate.send(record).thenCompose(ack -> gate);
  }

  @Override
  public FailureKind classify(Throwable failure) {
    return delegate.classify(failure);
  }

  @Override
  public void close() {
    open();
    delegate.close();
  }
}
