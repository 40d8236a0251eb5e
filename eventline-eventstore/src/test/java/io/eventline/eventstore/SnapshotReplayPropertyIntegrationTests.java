package io.eventline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.eventstore.Accounts.Balance;
import io.eventline.eventstore.Accounts.Command;
import io.eventline.eventstore.Accounts.Deposit;
import io.eventline.eventstore.Accounts.Event;
import io.eventline.eventstore.Accounts.Withdraw;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Loading from the latest snapshot plus the tail gives the same state as replaying everything. */
class SnapshotReplayPropertyIntegrationTests {
  static final AtomicInteger STREAMS = new AtomicInteger();
  static TestDatabase db;
  static EventStore store;

  @BeforeContainer
  static void createStore() {
    PostgresServer.shared()
        .ifPresent(
            server -> {
              db = server.createSchema("SnapshotReplayProperty");
              store = EventStore.builder(db.dataSource()).migrate(true).build();
            });
  }

  @AfterContainer
  static void dropStore() {
    if (db != null) {
      db.close();
    }
  }

  @Property(tries = 40)
  void snapshotPlusTailEqualsFullReplay(
      @ForAll @Size(max = 30) List<@IntRange(min = -60, max = 100) Integer> moves,
      @ForAll @IntRange(min = 1, max = 7) int snapshotEvery,
      @ForAll @IntRange(min = 0, max = 30) int snapshotOnDemandAt,
      @ForAll @IntRange(min = 0, max = 30) int asOfVersion) {
    Assume.that(store != null);
    String id = "p" + STREAMS.incrementAndGet();
    AggregateStore<Command, Event, Balance> snapshotting =
        Accounts.aggregates(store).stateType(Balance.class).snapshotEvery(snapshotEvery).build();
    AggregateStore<Command, Event, Balance> replaying = Accounts.aggregates(store).build();

    Balance expected = Accounts.DECIDER.initialState();
    for (int i = 0; i < moves.size(); i++) {
      int move = moves.get(i);
      Command command = move >= 0 ? new Deposit(move) : new Withdraw(-move);
      try {
        for (Event event : Accounts.DECIDER.decide(command, expected)) {
          expected = Accounts.DECIDER.evolve(expected, event);
        }
        snapshotting.handle(id, command);
      } catch (IllegalStateException refused) {
        // insufficient funds: refused in the model and in the store alike
      }
      if (i == snapshotOnDemandAt) {
        snapshotting.snapshot(id);
      }
    }

    Aggregate<Balance> fromSnapshot = snapshotting.load(id);
    Aggregate<Balance> fromScratch = replaying.load(id);
    assertThat(fromScratch.snapshotVersion()).isZero();
    assertThat(fromSnapshot.state()).isEqualTo(fromScratch.state()).isEqualTo(expected);
    assertThat(fromSnapshot.version()).isEqualTo(fromScratch.version());
    if (fromScratch.version() >= snapshotEvery) {
      assertThat(fromSnapshot.snapshotVersion()).isPositive();
    }
    long asOf = Math.min(asOfVersion, fromScratch.version());
    assertThat(snapshotting.loadAsOfVersion(id, asOf).state())
        .isEqualTo(replaying.loadAsOfVersion(id, asOf).state());
  }
}
