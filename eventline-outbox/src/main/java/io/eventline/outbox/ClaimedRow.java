package io.eventline.outbox;

/**
 * A claimed outbox row: the record to send, or, for a row that cannot even be read as an event
 * (written by hand with bad headers, a blank id), the reason it will go dead.
 */
record ClaimedRow(
    long position,
    int partition,
    int attempts,
    String aggregateKey,
    OutboxRecord record,
    String invalid) {

  boolean isValid() {
    return invalid == null;
  }
}
