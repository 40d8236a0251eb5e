package io.eventline.kafka;

import io.eventline.inbox.InboxResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Points where tests stop the runner to simulate a crash; no-ops in production. */
interface TestHooks {
  TestHooks NONE = new TestHooks() {};

  /**
   * On the worker thread, after the inbox settled {@code record} (its transaction committed) and
   * before its offset becomes committable.
   */
  default void afterSettled(ConsumerRecord<byte[], byte[]> record, InboxResult result) {}
}
