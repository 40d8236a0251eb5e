package io.eventline.eventstore;

import java.util.List;

/**
 * What handling a command did.
 *
 * @param aggregate the state after the command's events
 * @param events the events the command produced (empty: nothing was appended)
 * @param append what the append wrote, or {@code null} when there were no events
 * @param attempts how many times the command was decided (more than 1 after conflicts)
 */
public record CommandResult<S, E>(
    Aggregate<S> aggregate, List<E> events, AppendResult append, int attempts) {}
