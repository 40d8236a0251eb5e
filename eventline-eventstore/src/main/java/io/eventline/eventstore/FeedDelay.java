package io.eventline.eventstore;

import java.time.Duration;

/**
 * How far the global feed is held back by open transactions: readers only see events of
 * transactions older than the oldest one still running, anywhere in the PostgreSQL cluster. A long
 * transaction delays every reader (it never makes them skip). Export these as gauges and alert when
 * {@link #oldestTransactionAge()} grows.
 *
 * @param heldBackEvents committed events readers cannot see yet (counted up to 100,000)
 * @param transactionsInFlight transaction ids between the oldest running one and the next one to be
 *     assigned
 * @param oldestTransactionAge how long the oldest transaction that holds an id has been open;
 *     {@link Duration#ZERO} when none is (the server reports other users' sessions only to
 *     superusers and {@code pg_read_all_stats})
 * @param oldestTransactionPid its backend process id, or 0
 * @param oldestTransactionDatabase the database it runs in (it may be another database of the
 *     cluster), or {@code null}
 */
public record FeedDelay(
    long heldBackEvents,
    long transactionsInFlight,
    Duration oldestTransactionAge,
    int oldestTransactionPid,
    String oldestTransactionDatabase) {}
