package io.eventline.spring;

import io.eventline.core.TransactionHooks;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link TransactionHooks} on Spring's transaction synchronization: the EventBus dispatches after
 * the Spring-managed transaction of the calling thread commits ({@code @Transactional}, {@code
 * TransactionTemplate}, any {@code PlatformTransactionManager}) and drops the event on rollback.
 *
 * <p>Actions of one transaction run in registration order on the committing thread. An action
 * registered while those actions run (a handler that publishes again) runs right after them, in the
 * same after-commit phase, instead of being lost. An action that throws is logged; the others still
 * run. An inner {@code REQUIRES_NEW} transaction has its own actions, run when it commits.
 */
final class SpringTransactionHooks implements TransactionHooks {
  private static final Logger log = LoggerFactory.getLogger(SpringTransactionHooks.class);

  @Override
  public boolean isTransactionActive() {
    return TransactionSynchronizationManager.isSynchronizationActive()
        && TransactionSynchronizationManager.isActualTransactionActive();
  }

  @Override
  public void afterCommit(Runnable action) {
    if (!isTransactionActive()) {
      throw new IllegalStateException(
          "no Spring transaction is active on this thread: nothing to run the action after");
    }
    Deferred deferred = null;
    for (TransactionSynchronization registered :
        TransactionSynchronizationManager.getSynchronizations()) {
      if (registered instanceof Deferred mine && mine.owner == this) {
        deferred = mine;
        break;
      }
    }
    if (deferred == null) {
      deferred = new Deferred(this);
      TransactionSynchronizationManager.registerSynchronization(deferred);
    }
    deferred.add(action);
  }

  /** The actions of one transaction. */
  private static final class Deferred implements TransactionSynchronization {
    private final SpringTransactionHooks owner;
    private final List<Runnable> actions = new ArrayList<>();
    private boolean committed;

    Deferred(SpringTransactionHooks owner) {
      this.owner = owner;
    }

    void add(Runnable action) {
      if (committed) {
        run(action);
      } else {
        actions.add(action);
      }
    }

    @Override
    public void afterCommit() {
      committed = true;
      for (int i = 0; i < actions.size(); i++) {
        run(actions.get(i));
      }
      actions.clear();
    }

    @Override
    public void afterCompletion(int status) {
      actions.clear();
    }

    private static void run(Runnable action) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        log.error("an after-commit action failed; the transaction is committed already", e);
      }
    }
  }
}
