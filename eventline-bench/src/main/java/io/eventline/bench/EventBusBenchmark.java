package io.eventline.bench;

import io.eventline.bus.EventBus;
import io.eventline.bus.Subscribe;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Publishing one event to 1 or 10 synchronous handlers, side by side: Eventline's {@link EventBus}
 * (handlers subscribed as lambdas, and as {@link Subscribe} methods), Guava's {@code EventBus},
 * Spring's {@link ApplicationEventPublisher} with {@link EventListener} methods, and a baseline of
 * a {@code HashMap} of handler lists and a loop.
 *
 * <p>Every handler does the same work: it hands the payload to the {@link Blackhole}. The payload
 * (and Eventline's envelope around it) is created once per trial, so the allocation JMH reports per
 * operation is the dispatch's own. The N handlers of one bus are N instances of one class.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EventBusBenchmark {

  /** The number of handlers and the payload, shared by every bus. */
  @State(Scope.Thread)
  public static class Handlers {
    @Param({"1", "10"})
    public int handlers;

    final OrderPlaced payload = new OrderPlaced("o-1", 1990);
    final EventEnvelope<OrderPlaced> envelope =
        EventFactory.create().event("order.placed", "order", "o-1", payload);
    Blackhole blackhole;

    @Setup
    public void setUp(Blackhole blackhole) {
      this.blackhole = blackhole;
    }
  }

  @State(Scope.Thread)
  public static class EventlineLambdas {
    EventBus bus;

    @Setup
    public void setUp(Handlers setup) {
      bus = EventBus.create();
      Blackhole blackhole = setup.blackhole;
      for (int i = 0; i < setup.handlers; i++) {
        bus.subscribe(OrderPlaced.class, event -> blackhole.consume(event.payload()));
      }
    }

    @TearDown
    public void tearDown() {
      bus.close();
    }
  }

  /** An Eventline listener: one annotated method taking the payload. */
  public static final class EventlineListener {
    private final Blackhole blackhole;

    EventlineListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Subscribe
    void on(OrderPlaced event) {
      blackhole.consume(event);
    }
  }

  @State(Scope.Thread)
  public static class EventlineAnnotated {
    EventBus bus;

    @Setup
    public void setUp(Handlers setup) {
      bus = EventBus.create();
      for (int i = 0; i < setup.handlers; i++) {
        bus.register(new EventlineListener(setup.blackhole));
      }
    }

    @TearDown
    public void tearDown() {
      bus.close();
    }
  }

  /** A Guava listener: one {@code @Subscribe} method taking the payload. */
  public static final class GuavaListener {
    private final Blackhole blackhole;

    GuavaListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @com.google.common.eventbus.Subscribe
    public void on(OrderPlaced event) {
      blackhole.consume(event);
    }
  }

  @State(Scope.Thread)
  public static class Guava {
    com.google.common.eventbus.EventBus bus;

    @Setup
    public void setUp(Handlers setup) {
      bus = new com.google.common.eventbus.EventBus("bench");
      for (int i = 0; i < setup.handlers; i++) {
        bus.register(new GuavaListener(setup.blackhole));
      }
    }
  }

  /** A Spring bean with one {@code @EventListener} method taking the payload. */
  public static final class SpringListener {
    private final Blackhole blackhole;

    SpringListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @EventListener
    public void on(OrderPlaced event) {
      blackhole.consume(event);
    }
  }

  @State(Scope.Thread)
  public static class Spring {
    AnnotationConfigApplicationContext context;
    ApplicationEventPublisher publisher;

    @Setup
    public void setUp(Handlers setup) {
      context = new AnnotationConfigApplicationContext();
      for (int i = 0; i < setup.handlers; i++) {
        context.registerBean(
            "listener" + i, SpringListener.class, () -> new SpringListener(setup.blackhole));
      }
      context.refresh();
      publisher = context;
    }

    @TearDown
    public void tearDown() {
      context.close();
    }
  }

  @State(Scope.Thread)
  public static class Baseline {
    final Map<Class<?>, List<Consumer<Object>>> handlers = new HashMap<>();

    @Setup
    public void setUp(Handlers setup) {
      Blackhole blackhole = setup.blackhole;
      List<Consumer<Object>> list = new ArrayList<>();
      for (int i = 0; i < setup.handlers; i++) {
        list.add(blackhole::consume);
      }
      handlers.put(OrderPlaced.class, list);
    }

    void publish(Object event) {
      List<Consumer<Object>> list = handlers.get(event.getClass());
      if (list != null) {
        for (int i = 0, n = list.size(); i < n; i++) {
          list.get(i).accept(event);
        }
      }
    }
  }

  @Benchmark
  public void eventlineLambda(Handlers setup, EventlineLambdas eventline) {
    eventline.bus.publish(setup.envelope);
  }

  @Benchmark
  public void eventlineAnnotated(Handlers setup, EventlineAnnotated eventline) {
    eventline.bus.publish(setup.envelope);
  }

  @Benchmark
  public void guava(Handlers setup, Guava guava) {
    guava.bus.post(setup.payload);
  }

  @Benchmark
  public void spring(Handlers setup, Spring spring) {
    spring.publisher.publishEvent(setup.payload);
  }

  @Benchmark
  public void baseline(Handlers setup, Baseline baseline) {
    baseline.publish(setup.payload);
  }
}
