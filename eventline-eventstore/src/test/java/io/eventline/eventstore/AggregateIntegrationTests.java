package io.eventline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.eventstore.Accounts.Balance;
import io.eventline.eventstore.Accounts.Command;
import io.eventline.eventstore.Accounts.Deposit;
import io.eventline.eventstore.Accounts.Deposited;
import io.eventline.eventstore.Accounts.Event;
import io.eventline.eventstore.Accounts.Withdraw;
import io.eventline.testkit.DatabaseExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AggregateIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;
  static AggregateStore<Command, Event, Balance> accounts;
  static AggregateStore<Command, Event, Balance> replayOnly;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
    accounts = Accounts.aggregates(store).stateType(Balance.class).snapshotEvery(5).build();
    replayOnly = Accounts.aggregates(store).build();
  }

  @Test
  void handlesCommandsAndRefusesWithoutAppending() {
    CommandResult<Balance, Event> first = accounts.handle("a1", new Deposit(100));
    assertThat(first.aggregate().state()).isEqualTo(new Balance(100, 1));
    assertThat(first.aggregate().version()).isEqualTo(1);
    assertThat(first.attempts()).isEqualTo(1);
    accounts.handle("a1", new Withdraw(30));

    assertThatThrownBy(() -> accounts.handle("a1", new Withdraw(500)))
        .hasMessageContaining("insufficient funds: 70");
    Aggregate<Balance> loaded = accounts.load("a1");
    assertThat(loaded.state()).isEqualTo(new Balance(70, 2));
    assertThat(loaded.version()).isEqualTo(2);
    RecordedEvent stored = store.readStreamForward("account-a1", 1, 1).get(0);
    assertThat(stored.eventType()).isEqualTo("account.deposited");
    assertThat(stored.envelope().aggregateType()).isEqualTo("account");
    assertThat(stored.envelope().aggregateId()).isEqualTo("a1");
  }

  @Test
  void aConflictIsDecidedAgainAndGivenUpAfterMaxAttempts() {
    accounts.handle("race", new Deposit(10));
    AtomicBoolean interfere = new AtomicBoolean(true);
    Decider<Command, Event, Balance> interfering =
        Decider.of(
            Accounts.DECIDER.initialState(),
            Accounts.DECIDER::evolve,
            (command, state) -> {
              if (interfere.getAndSet(false)) { // another writer appends between load and append
                replayOnly.handle("race", new Deposit(1));
              }
              return Accounts.DECIDER.decide(command, state);
            });
    var retrying =
        AggregateStore.builder(store, "account", interfering, Accounts.MAPPING)
            .eventFactory(TestEvents.EVENTS)
            .maxAttempts(2)
            .build();
    CommandResult<Balance, Event> result = retrying.handle("race", new Withdraw(10));
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.aggregate().state()).isEqualTo(new Balance(1, 3));

    var impatient =
        AggregateStore.builder(store, "account", interfering, Accounts.MAPPING)
            .eventFactory(TestEvents.EVENTS)
            .maxAttempts(1)
            .build();
    interfere.set(true);
    assertThatThrownBy(() -> impatient.handle("race", new Deposit(5)))
        .isInstanceOf(WrongExpectedVersionException.class)
        .hasMessageContaining("'account-race'");
    assertThat(accounts.load("race").state()).isEqualTo(new Balance(2, 4));
  }

  @Test
  void snapshotsEveryNEventsPlusTheTailEqualAFullReplay() {
    for (int i = 1; i <= 12; i++) {
      accounts.handle("snap", new Deposit(i));
    }
    Aggregate<Balance> withSnapshot = accounts.load("snap");
    Aggregate<Balance> replayed = replayOnly.load("snap");
    assertThat(withSnapshot.snapshotVersion()).isEqualTo(10);
    assertThat(replayed.snapshotVersion()).isZero();
    assertThat(withSnapshot.state()).isEqualTo(replayed.state()).isEqualTo(new Balance(78, 12));
    assertThat(withSnapshot.version()).isEqualTo(12);

    Aggregate<Balance> onDemand = accounts.snapshot("snap");
    assertThat(onDemand.version()).isEqualTo(12);
    assertThat(accounts.load("snap").snapshotVersion()).isEqualTo(12);
  }

  @Test
  void aSnapshotWithAStaleSchemaVersionIsIgnored() {
    for (int i = 0; i < 3; i++) {
      accounts.handle("stale", new Deposit(10));
    }
    // a snapshot written by older code, whose state no longer means what it did
    db.database()
        .execute(
            "INSERT INTO eventline_snapshots (stream_id, stream_version, schema_version, state)"
                + " VALUES ('account-stale', 3, 1, convert_to('{\"balance\":999,\"movements\":3}',"
                + " 'UTF8'))");
    assertThat(accounts.load("stale").state().balance())
        .as("schema 1 is current for this store, so it trusts the snapshot")
        .isEqualTo(999);

    var upgraded =
        Accounts.aggregates(store).stateType(Balance.class).snapshotSchemaVersion(2).build();
    Aggregate<Balance> loaded = upgraded.load("stale");
    assertThat(loaded.snapshotVersion()).isZero();
    assertThat(loaded.state()).isEqualTo(new Balance(30, 3));
  }

  @Test
  void answersTemporalQueriesByVersionAndByTime() throws Exception {
    Instant[] recorded = new Instant[5];
    for (int i = 1; i <= 4; i++) {
      AppendResult append = accounts.handle("time", new Deposit(i * 100)).append();
      recorded[i] =
          store.readStreamForward("account-time", append.lastVersion(), 1).get(0).recordedAt();
      Thread.sleep(5);
    }
    assertThat(accounts.loadAsOfVersion("time", 0).state()).isEqualTo(new Balance(0, 0));
    assertThat(accounts.loadAsOfVersion("time", 2).state()).isEqualTo(new Balance(300, 2));
    assertThat(accounts.loadAsOfVersion("time", 2).version()).isEqualTo(2);
    assertThat(accounts.loadAsOf("time", recorded[3]).state()).isEqualTo(new Balance(600, 3));
    assertThat(accounts.loadAsOf("time", recorded[3].minusNanos(1000)).state())
        .isEqualTo(new Balance(300, 2));
    assertThat(accounts.loadAsOf("time", recorded[1].minusSeconds(60)).version()).isZero();
  }

  @Test
  void validatesItsConfiguration() {
    assertThatThrownBy(() -> Accounts.aggregates(store).maxAttempts(0).build())
        .hasMessageContaining("maxAttempts must be at least 1 but was 0");
    assertThatThrownBy(() -> Accounts.aggregates(store).snapshotEvery(10).build())
        .hasMessageContaining("snapshotEvery(10) needs stateType");
    assertThatThrownBy(
            () ->
                AggregateStore.builder(store, "bad-name", Accounts.DECIDER, Accounts.MAPPING)
                    .build())
        .hasMessageContaining("category must be non-blank without '-' but was 'bad-name'");
    assertThatThrownBy(() -> EventMapping.json(Map.of()))
        .hasMessageContaining("at least one event type");
    assertThat(List.of(new Deposited(1))).isNotEmpty();
  }
}
