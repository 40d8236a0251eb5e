package io.eventline.bus;

import io.eventline.core.EventEnvelope;
import io.eventline.core.TransactionHooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus. Handlers live in one copy-on-write array in registration order; the handlers that match
 * an (event type, payload class) pair are resolved once and cached, so the synchronous path is two
 * map lookups, a thread-local read and a loop, with no allocation.
 *
 * <p>Changing subscriptions writes the new array first and then replaces the cache with an empty
 * one; a dispatcher reads the cache before the array, so a stale resolution can only land in a
 * cache that was already replaced.
 */
final class DefaultEventBus implements EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private static final Registration[] NONE = new Registration[0];
  private static final int MAX_CACHED_TYPES = 10_000;

  private final TransactionHooks transactions;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final HandlerErrorListener errors;
  private final int maxDepth;
  private final long closeTimeoutNanos;
  private final String name;
  private final Object lock = new Object();

  private volatile Registration[] registrations = NONE;
  private volatile ConcurrentHashMap<String, ConcurrentHashMap<Class<?>, Registration[]>> resolved =
      new ConcurrentHashMap<>();
  private volatile boolean closed;
  private long nextOrder;

  DefaultEventBus(EventBus.Builder settings) {
    this.transactions = settings.transactions;
    this.name = settings.name;
    this.maxDepth = settings.maxDepth;
    this.closeTimeoutNanos = settings.closeTimeout.toNanos();
    this.errors =
        settings.errorListener != null ? settings.errorListener : DefaultEventBus::logFailure;
    if (settings.executor != null) {
      this.executor = settings.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = AsyncExecutors.create(name);
      this.executor = ownedExecutor;
    }
  }

  private static void logFailure(EventEnvelope<?> event, String handler, Throwable error) {
    log.error(
        "handler '{}' failed on event {} ({}, aggregate {} {}); the other handlers still ran",
        handler,
        event.eventId(),
        event.eventType(),
        event.aggregateType(),
        event.aggregateId(),
        error);
  }

  @Override
  public Subscription subscribe(String eventType, Delivery delivery, EventHandler<Object> handler) {
    if (eventType == null || eventType.isBlank()) {
      throw new IllegalArgumentException("EventBus.subscribe: eventType may not be blank");
    }
    return add(eventType, null, delivery, handler, handlerName(handler));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Subscription subscribe(
      Class<T> payloadType, Delivery delivery, EventHandler<T> handler) {
    Objects.requireNonNull(payloadType, "EventBus.subscribe: payloadType may not be null");
    return add(null, payloadType, delivery, (EventHandler<Object>) handler, handlerName(handler));
  }

  @Override
  public Subscription register(Object listener) {
    List<Subscription> subscriptions = new ArrayList<>();
    for (ListenerMethod method : ListenerMethod.scan(listener)) {
      subscriptions.add(
          add(method.eventType(), method.payloadType(), method.delivery(), method, method.name()));
    }
    return new GroupSubscription(listener.getClass().getName(), subscriptions);
  }

  Registration add(
      String eventType,
      Class<?> payloadType,
      Delivery delivery,
      EventHandler<Object> handler,
      String handlerName) {
    Objects.requireNonNull(delivery, "EventBus.subscribe: delivery may not be null");
    Objects.requireNonNull(handler, "EventBus.subscribe: handler may not be null");
    synchronized (lock) {
      requireOpen();
      Registration registration =
          new Registration(
              nextOrder++, eventType, payloadType, delivery, handler, handlerName, this);
      Registration[] current = registrations;
      Registration[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = registration;
      registrations = next;
      resolved = new ConcurrentHashMap<>();
      return registration;
    }
  }

  void remove(Registration registration) {
    synchronized (lock) {
      registration.active = false;
      Registration[] current = registrations;
      List<Registration> kept = new ArrayList<>(Arrays.asList(current));
      if (kept.remove(registration)) {
        registrations = kept.toArray(NONE);
        resolved = new ConcurrentHashMap<>();
      }
    }
  }

  @Override
  public void publish(EventEnvelope<?> event) {
    Objects.requireNonNull(event, "EventBus.publish: event may not be null");
    requireOpen();
    DispatchContext context = DispatchContext.current();
    if (context.depth >= maxDepth || context.refusal != null) {
      throw refuse(event, context);
    }
    EventEnvelope<?> linked = link(event, context);
    if (transactions.isTransactionActive()) {
      int depth = context.depth;
      transactions.afterCommit(() -> dispatchAt(linked, depth));
      return;
    }
    dispatch(linked, context);
  }

  private static EventEnvelope<?> link(EventEnvelope<?> event, DispatchContext context) {
    EventEnvelope<?> cause = context.event;
    if (cause != null && event.causationId() == null && cause != event) {
      return event.causedBy(cause);
    }
    return event;
  }

  private void dispatchAt(EventEnvelope<?> event, int depth) {
    DispatchContext context = DispatchContext.current();
    int saved = context.depth;
    EventRecursionException savedRefusal = context.refusal;
    context.depth = Math.max(saved, depth);
    try {
      dispatch(event, context);
    } finally {
      context.depth = saved;
      context.refusal = savedRefusal;
    }
  }

  @SuppressWarnings("unchecked")
  private void dispatch(EventEnvelope<?> event, DispatchContext context) {
    Registration[] handlers = resolve(event.eventType(), event.payload().getClass());
    if (handlers.length == 0) {
      return;
    }
    EventEnvelope<?> outer = context.event;
    context.event = event;
    context.depth++;
    try {
      for (Registration handler : handlers) {
        if (!handler.active) {
          continue;
        }
        if (handler.delivery == Delivery.SYNC) {
          invoke(handler, (EventEnvelope<Object>) event);
        } else {
          submit(handler, (EventEnvelope<Object>) event, context.depth);
        }
      }
    } finally {
      context.event = outer;
      if (--context.depth == 0) {
        context.refusal = null;
      }
    }
  }

  private void submit(Registration handler, EventEnvelope<Object> event, int depth) {
    try {
      executor.execute(() -> runAsync(handler, event, depth));
    } catch (RejectedExecutionException e) {
      errors.onError(event, handler.name(), e);
    }
  }

  private void runAsync(Registration handler, EventEnvelope<Object> event, int depth) {
    DispatchContext context = DispatchContext.current();
    EventEnvelope<?> outer = context.event;
    int outerDepth = context.depth;
    EventRecursionException outerRefusal = context.refusal;
    context.event = event;
    context.depth = depth;
    context.refusal = null;
    try {
      if (handler.active) {
        invoke(handler, event);
      }
    } finally {
      context.event = outer;
      context.depth = outerDepth;
      context.refusal = outerRefusal;
    }
  }

  private void invoke(Registration handler, EventEnvelope<Object> event) {
    try {
      handler.invoke(event);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof EventRecursionException refused) {
        if (refused.reported) {
          return;
        }
        refused.reported = true;
      }
      try {
        errors.onError(event, handler.name(), failure);
      } catch (RuntimeException listenerFailure) {
        log.error("the error listener of bus '{}' threw", name, listenerFailure);
      }
    }
  }

  private Registration[] resolve(String eventType, Class<?> payloadClass) {
    ConcurrentHashMap<String, ConcurrentHashMap<Class<?>, Registration[]>> cache = resolved;
    ConcurrentHashMap<Class<?>, Registration[]> byClass = cache.get(eventType);
    if (byClass != null) {
      Registration[] hit = byClass.get(payloadClass);
      if (hit != null) {
        return hit;
      }
    }
    Registration[] all = registrations;
    List<Registration> matching = new ArrayList<>();
    for (Registration registration : all) {
      if (registration.matches(eventType, payloadClass)) {
        matching.add(registration);
      }
    }
    Registration[] result = matching.isEmpty() ? NONE : matching.toArray(NONE);
    if (cache.size() < MAX_CACHED_TYPES) {
      cache.computeIfAbsent(eventType, t -> new ConcurrentHashMap<>()).put(payloadClass, result);
    }
    return result;
  }

  /**
   * The refusal of a publication nested too deep. The first refusal is kept until the outermost
   * dispatch on this thread returns, and every publication nested in it is refused with the same
   * exception, reported once: without that, a cycle whose handlers publish two events each would
   * run 2^maxDepth handlers before it stopped.
   */
  private EventRecursionException refuse(EventEnvelope<?> event, DispatchContext context) {
    if (context.refusal == null) {
      context.refusal = recursion(event, context);
    }
    return context.refusal;
  }

  private EventRecursionException recursion(EventEnvelope<?> event, DispatchContext context) {
    EventEnvelope<?> cause = context.event;
    return new EventRecursionException(
        "event "
            + event.eventType()
            + " ("
            + event.eventId()
            + ") was not dispatched: handlers of bus '"
            + name
            + "' are nested "
            + context.depth
            + " deep (limit "
            + maxDepth
            + "), most likely a cycle of handlers publishing events; the last handled event was "
            + (cause == null ? "none" : cause.eventType() + " (" + cause.eventId() + ")")
            + ". Break the cycle, or raise EventBus.maxDepth if the chain is intended.");
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("event bus '" + name + "' is closed");
    }
  }

  private static String handlerName(Object handler) {
    Objects.requireNonNull(handler, "EventBus.subscribe: handler may not be null");
    String className = handler.getClass().getName();
    int lambda = className.indexOf("$$Lambda");
    return lambda > 0 ? className.substring(0, lambda) + "::lambda" : className;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        if (!ownedExecutor.awaitTermination(closeTimeoutNanos, TimeUnit.NANOSECONDS)) {
          log.warn(
              "event bus '{}' closed with asynchronous handlers still running after {} ms",
              name,
              TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "EventBus[" + name + ", " + registrations.length + " handlers]";
  }
}
