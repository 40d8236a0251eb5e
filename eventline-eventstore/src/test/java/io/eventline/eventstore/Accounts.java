package io.eventline.eventstore;

import java.util.List;
import java.util.Map;

/** A small event-sourced domain for aggregate tests. */
final class Accounts {
  private Accounts() {}

  sealed interface Event permits Deposited, Withdrawn {}

  record Deposited(long amount) implements Event {}

  record Withdrawn(long amount) implements Event {}

  sealed interface Command permits Deposit, Withdraw {}

  record Deposit(long amount) implements Command {}

  record Withdraw(long amount) implements Command {}

  record Balance(long balance, int movements) {}

  static final Decider<Command, Event, Balance> DECIDER =
      Decider.of(new Balance(0, 0), Accounts::evolve, Accounts::decide);

  static Balance evolve(Balance state, Event event) {
    long change = event instanceof Deposited d ? d.amount() : -((Withdrawn) event).amount();
    return new Balance(state.balance() + change, state.movements() + 1);
  }

  static List<Event> decide(Command command, Balance state) {
    if (command instanceof Deposit d) {
      return List.of(new Deposited(d.amount()));
    }
    Withdraw w = (Withdraw) command;
    if (w.amount() > state.balance()) {
      throw new IllegalStateException("insufficient funds: " + state.balance());
    }
    return List.of(new Withdrawn(w.amount()));
  }

  static final EventMapping<Event> MAPPING =
      EventMapping.json(
          Map.of("account.deposited", Deposited.class, "account.withdrawn", Withdrawn.class));

  static AggregateStore.Builder<Command, Event, Balance> aggregates(EventStore store) {
    return AggregateStore.builder(store, "account", DECIDER, MAPPING)
        .eventFactory(TestEvents.EVENTS);
  }
}
