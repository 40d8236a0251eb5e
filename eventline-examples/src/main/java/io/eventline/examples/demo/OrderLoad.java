package io.eventline.examples.demo;

import io.eventline.examples.orders.OrderCommand;
import io.eventline.examples.orders.OrdersService;
import io.eventline.examples.payments.PaymentsService;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Customers placing orders from several threads: each order is created, gets one to three items,
 * sometimes loses one or gets a coupon, and is placed — five events on average, all through the
 * event store and the outbox. About one order in ten is too expensive and its payment fails.
 */
final class OrderLoad {
  private final OrdersService orders;
  private final int count;
  private final int threads;
  private final long seed;
  final AtomicInteger placed = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  OrderLoad(OrdersService orders, int count, int threads, long seed) {
    this.orders = orders;
    this.count = count;
    this.threads = threads;
    this.seed = seed;
  }

  static String orderId(int index) {
    return "o" + index;
  }

  /** Places every order; returns when all are placed or failed. */
  void run() throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(seed + t);
      pool.execute(
          () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              try {
                place(i, random);
                placed.incrementAndGet();
              } catch (RuntimeException e) {
                refused.incrementAndGet();
                failures.add(orderId(i) + ": " + e.getMessage());
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
  }

  private void place(int index, SplittableRandom random) {
    String id = orderId(index);
    orders.handle(id, new OrderCommand.Create(id, "customer" + index + "@example.com"));
    boolean expensive = random.nextInt(10) == 0;
    List<String> skus = List.of("book", "lamp", "chair", "kettle");
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      long price = expensive ? PaymentsService.LIMIT_CENTS : 500 + random.nextInt(9_500);
      orders.handle(id, new OrderCommand.AddItem(skus.get(i), 1 + random.nextInt(3), price));
    }
    if (items > 1 && random.nextInt(5) == 0) {
      orders.handle(id, new OrderCommand.RemoveItem(skus.get(0)));
    }
    if (random.nextInt(3) == 0) {
      orders.handle(id, new OrderCommand.ApplyCoupon("WELCOME", 10));
    }
    orders.handle(id, new OrderCommand.Place());
  }
}
