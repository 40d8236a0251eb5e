package io.eventline.jdbc;

import java.sql.Connection;

/** Work done on the connection of a transaction; its result is returned after commit. */
@FunctionalInterface
public interface TransactionalWork<T> {
  T run(Connection connection) throws Exception;
}
