package io.eventline.bench.workload;

/**
 * One outbox implementation under test, as a runner sees it. {@link #prewrite} fills the outbox
 * while nothing publishes; {@link #startRelay} starts publishing; {@link #write} is one business
 * transaction (an {@code orders} row plus its event), committed before it returns, with the event's
 * {@code ts} taken just before the commit.
 */
public interface OutboxSystem extends AutoCloseable {

  void prewrite(int events, int aggregates) throws Exception;

  void startRelay() throws Exception;

  void write(long seq, String aggregateId) throws Exception;

  /** Stops publishing and releases everything; rows not yet published stay for next time. */
  @Override
  void close();
}
