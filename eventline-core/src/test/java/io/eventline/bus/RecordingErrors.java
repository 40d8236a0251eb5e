package io.eventline.bus;

import io.eventline.core.EventEnvelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An error listener that keeps what it is told. */
final class RecordingErrors implements HandlerErrorListener {
  record Failure(EventEnvelope<?> event, String handler, Throwable error) {}

  final List<Failure> failures = new CopyOnWriteArrayList<>();

  @Override
  public void onError(EventEnvelope<?> event, String handlerName, Throwable error) {
    failures.add(new Failure(event, handlerName, error));
  }
}
