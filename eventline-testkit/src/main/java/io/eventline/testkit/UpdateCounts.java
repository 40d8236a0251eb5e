package io.eventline.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A data source that records the row count of every {@code executeUpdate} of the prepared
 * statements whose SQL matches, in order: what a test needs to check that a purge deletes in
 * bounded batches rather than in one statement.
 */
public final class UpdateCounts {
  private final List<Integer> counts = new CopyOnWriteArrayList<>();
  private final DataSource dataSource;

  private UpdateCounts(DataSource target, Predicate<String> statements) {
    ClassLoader loader = UpdateCounts.class.getClassLoader();
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                loader,
                new Class<?>[] {DataSource.class},
                (source, method, args) -> {
                  Object connection = invoke(method, target, args);
                  if (!method.getName().equals("getConnection")) {
                    return connection;
                  }
                  return Proxy.newProxyInstance(
                      loader,
                      new Class<?>[] {Connection.class},
                      (proxy, call, callArgs) -> {
                        Object result = invoke(call, connection, callArgs);
                        if (!call.getName().equals("prepareStatement")
                            || !statements.test(String.valueOf(callArgs[0]))) {
                          return result;
                        }
                        return Proxy.newProxyInstance(
                            loader,
                            new Class<?>[] {PreparedStatement.class},
                            (statement, run, runArgs) -> {
                              Object value = invoke(run, result, runArgs);
                              if (run.getName().equals("executeUpdate")) {
                                counts.add((Integer) value);
                              }
                              return value;
                            });
                      });
                });
  }

  /** Records the prepared statements of {@code target} whose SQL {@code statements} accepts. */
  public static UpdateCounts of(DataSource target, Predicate<String> statements) {
    return new UpdateCounts(target, statements);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The row counts recorded so far, in the order the statements ran. */
  public List<Integer> counts() {
    return List.copyOf(counts);
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
