package io.eventline.inbox;

import io.eventline.core.PayloadCodec;
import io.eventline.jdbc.Dialect;

/** The SQL pieces of one dialect, created once the dialect is known. */
record Statements(InboxSql sql, Marks marks, OrderingCheck guard, DeadLetterWriter deadLetters) {

  static Statements of(Dialect dialect, OrderingGuard guard, PayloadCodec codec) {
    InboxSql sql = InboxSql.forDialect(dialect);
    return new Statements(
        sql, new Marks(sql), new OrderingCheck(sql, guard), new DeadLetterWriter(sql, codec));
  }

  Dialect dialect() {
    return sql.dialect;
  }
}
