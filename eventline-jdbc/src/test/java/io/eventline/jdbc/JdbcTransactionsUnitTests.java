package io.eventline.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.bus.EventBus;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC transaction scope, and the EventBus dispatching after its commits (pattern 1). */
class JdbcTransactionsUnitTests {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private JdbcTransactions transactions;
  private final EventFactory events = EventFactory.create();

  @BeforeEach
  void freshDatabase() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:tx" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    transactions = JdbcTransactions.of(dataSource);
    transactions.run(c -> c.createStatement().execute("CREATE TABLE orders (id INT PRIMARY KEY)"));
  }

  @Test
  void commitsTheWorkAndRunsAfterCommitActionsInOrder() throws SQLException {
    List<String> log = new CopyOnWriteArrayList<>();

    transactions.run(
        connection -> {
          connection.createStatement().execute("INSERT INTO orders VALUES (1)");
          transactions.afterCommit(() -> log.add("first, rows=" + count()));
          transactions.afterCommit(() -> log.add("second"));
          log.add("work done");
          return null;
        });

    assertThat(log).containsExactly("work done", "first, rows=1", "second");
  }

  @Test
  void rollsBackOnExceptionAndDropsAfterCommitActions() throws SQLException {
    List<String> log = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                transactions.run(
                    connection -> {
                      connection.createStatement().execute("INSERT INTO orders VALUES (1)");
                      transactions.afterCommit(() -> log.add("must not run"));
                      throw new IOException("payment provider down");
                    }))
        .isInstanceOf(TransactionFailedException.class)
        .hasRootCauseInstanceOf(IOException.class);

    assertThat(log).isEmpty();
    assertThat(count()).isZero();
  }

  @Test
  void nestedCallsJoinTheOuterTransaction() throws SQLException {
    assertThatThrownBy(
            () ->
                transactions.run(
                    outer -> {
                      transactions.run(
                          inner -> {
                            assertThat(inner).isSameAs(outer);
                            inner.createStatement().execute("INSERT INTO orders VALUES (2)");
                            return null;
                          });
                      throw new IllegalStateException("outer fails after the inner call");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(count()).isZero();
  }

  @Test
  void afterCommitOutsideATransactionIsRefused() {
    assertThat(transactions.isTransactionActive()).isFalse();
    assertThatThrownBy(() -> transactions.afterCommit(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an active transaction");
  }

  @Test
  void aFailingAfterCommitActionDoesNotStopTheOthers() {
    List<String> log = new CopyOnWriteArrayList<>();

    transactions.run(
        connection -> {
          transactions.afterCommit(
              () -> {
                throw new IllegalStateException("boom");
              });
          transactions.afterCommit(() -> log.add("still ran"));
          return null;
        });

    assertThat(log).containsExactly("still ran");
  }

  @Test
  void busDispatchesEventsPublishedInATransactionOnlyAfterCommit() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().transactions(transactions).build()) {
      bus.subscribe("order.placed", event -> seen.add("handled " + event.aggregateId()));

      transactions.run(
          connection -> {
            connection.createStatement().execute("INSERT INTO orders VALUES (7)");
            bus.publish(events.event("order.placed", "order", "7", "payload"));
            seen.add("before commit");
            return null;
          });

      assertThat(seen).containsExactly("before commit", "handled 7");
    }
  }

  @Test
  void busDropsEventsPublishedInATransactionThatRollsBack() {
    List<EventEnvelope<?>> seen = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().transactions(transactions).build()) {
      bus.subscribe("order.placed", seen::add);

      assertThatThrownBy(
              () ->
                  transactions.run(
                      connection -> {
                        bus.publish(events.event("order.placed", "order", "8", "payload"));
                        throw new IllegalStateException("rolled back");
                      }))
          .isInstanceOf(IllegalStateException.class);
      bus.publish(events.event("order.placed", "order", "9", "outside a transaction"));

      assertThat(seen).extracting(EventEnvelope::aggregateId).containsExactly("9");
    }
  }

  private int count() {
    try (Connection connection = transactions.dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM orders")) {
      row.next();
      return row.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
