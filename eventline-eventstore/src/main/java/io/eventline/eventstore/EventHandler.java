package io.eventline.eventstore;

/**
 * Handles events of a subscription at least once: the checkpoint is committed after the handler
 * returned, so a crash in between delivers the event again. Make the handler idempotent (the event
 * id is the dedupe key), or use a {@link Projection} for exactly-once database writes.
 *
 * <p>If it throws, the subscription commits the checkpoint of the events handled before, waits
 * (backing off up to 30 s) and delivers the failed event again; it does not skip it.
 */
@FunctionalInterface
public interface EventHandler {
  void handle(RecordedEvent event) throws Exception;
}
