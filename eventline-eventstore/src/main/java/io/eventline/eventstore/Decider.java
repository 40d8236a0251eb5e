package io.eventline.eventstore;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * An aggregate as three pure functions: the state before any event, how an event changes the state,
 * and which events a command produces in a state. No I/O: the {@link AggregateStore} loads, appends
 * and retries.
 *
 * @param <C> commands
 * @param <E> events
 * @param <S> state
 */
public interface Decider<C, E, S> {

  S initialState();

  /** The state after {@code event}; must not mutate {@code state} if states are shared. */
  S evolve(S state, E event);

  /**
   * The events {@code command} produces in {@code state}; empty when nothing changes. Throw to
   * refuse the command (the exception reaches the caller; nothing is appended).
   */
  List<E> decide(C command, S state);

  /** A decider from functions. */
  static <C, E, S> Decider<C, E, S> of(
      S initialState, BiFunction<S, E, S> evolve, BiFunction<C, S, List<E>> decide) {
    Objects.requireNonNull(evolve, "Decider.evolve may not be null");
    Objects.requireNonNull(decide, "Decider.decide may not be null");
    return new Decider<>() {
      @Override
      public S initialState() {
        return initialState;
      }

      @Override
      public S evolve(S state, E event) {
        return evolve.apply(state, event);
      }

      @Override
      public List<E> decide(C command, S state) {
        return decide.apply(command, state);
      }
    };
  }
}
