package dev.strata.core.review;

import java.util.List;

/**
 * What one statement of a migration did on the shadow database.
 *
 * @param line 1-based line of the statement in the migration's script
 * @param sql the statement's first line, shortened for display
 * @param millis how long it ran on the shadow database (on its sample of rows, if any)
 * @param locks the table locks it took that the transaction did not already hold
 * @param rewritten tables whose storage it replaced (every row copied under its lock)
 * @param dropped tables and columns that existed before and are gone after it, each with the number
 *     of rows that held data
 * @param outsideTransaction true when it ran outside a transaction block ({@code CREATE INDEX
 *     CONCURRENTLY}), observed from a second connection holding a writer's lock
 * @param writesContinued for a statement run outside a transaction: true when a writer holding
 *     {@code ROW EXCLUSIVE} on its tables kept that lock while the statement ran
 * @param lockTimeout the lock_timeout in effect when it ran, as the server shows it; {@code 0} when
 *     a lock wait had no limit
 */
public record ObservedStatement(
    int line,
    String sql,
    long millis,
    List<LockTaken> locks,
    List<String> rewritten,
    List<DataAtRisk> dropped,
    boolean outsideTransaction,
    boolean writesContinued,
    String lockTimeout) {

  public ObservedStatement {
    locks = List.copyOf(locks);
    rewritten = List.copyOf(rewritten);
    dropped = List.copyOf(dropped);
  }

  /** True when a lock wait was bounded, so the statement gave up rather than queue everyone. */
  public boolean lockWaitLimited() {
    return !lockTimeout.equals("0");
  }
}
