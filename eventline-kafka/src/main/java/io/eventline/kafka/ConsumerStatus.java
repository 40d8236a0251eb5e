package io.eventline.kafka;

import java.util.List;

/**
 * A {@link KafkaInboxConsumer}'s counters since start and its partitions now. Cheap: reading it
 * runs no query and asks the broker nothing.
 *
 * @param consumer the inbox consumer name
 * @param groupId the Kafka consumer group
 * @param running whether it is started and not closed
 * @param processed records whose handler committed
 * @param duplicates records dropped because their mark was there
 * @param failedAttempts handler attempts that rolled back
 * @param deadLettered records written to the dead letters (failed, rejected or malformed)
 * @param malformed of those, records that could not be read as events
 * @param parked records parked by the ordering guard
 * @param deadLetterTopicRecords records published to the dead-letter topic
 * @param lag records not processed yet over all assigned partitions, as of the last poll: the
 *     broker's lag behind the fetch position plus what is queued here
 * @param partitions the assigned partitions
 */
public record ConsumerStatus(
    String consumer,
    String groupId,
    boolean running,
    long processed,
    long duplicates,
    long failedAttempts,
    long deadLettered,
    long malformed,
    long parked,
    long deadLetterTopicRecords,
    long lag,
    List<PartitionStatus> partitions) {

  /**
   * One assigned partition.
   *
   * @param topic the topic
   * @param partition the partition
   * @param nextOffset the offset after the last settled record (what is or will be committed), or
   *     -1 before the first
   * @param lag records not processed yet
   * @param queued records fetched and waiting here
   * @param paused whether fetching is paused because the queue is full
   * @param retrying attempts made so far at a record that is waiting to be retried, else 0
   */
  public record PartitionStatus(
      String topic,
      int partition,
      long nextOffset,
      long lag,
      int queued,
      boolean paused,
      int retrying) {}
}
