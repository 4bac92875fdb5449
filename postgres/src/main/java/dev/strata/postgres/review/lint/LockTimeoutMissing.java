package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.sql.StatementTokens;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code lock-timeout-missing}: the first statement that queues for a lock on a table in use while
 * no lock_timeout is in force. Behind a long transaction it would wait with no limit, and every
 * query on the table would queue behind it. One finding per migration.
 */
final class LockTimeoutMissing {
  static final String CODE = "lock-timeout-missing";

  /** {@code 0}, {@code 0ms}, {@code '0s'}: zero turns the timeout off. */
  private static final Pattern ZERO = Pattern.compile("\\s*0+(\\.0*)?\\s*[a-zA-Z]*\\s*");

  private LockTimeoutMissing() {}

  /**
   * A change of lock_timeout.
   *
   * @param local {@code SET LOCAL}: lasts until the end of the transaction it runs in
   * @param on a timeout other than 0 (or the server's default, assumed 0)
   */
  private record Setting(boolean local, boolean on) {}

  static List<Finding> check(MigrationText text) {
    boolean transactional = text.plan().transactional();
    boolean session = false;
    Boolean local = null;
    int localBlock = -1;
    for (ScriptStatement st : text.statements()) {
      Optional<Setting> setting = setting(st.tokens());
      if (setting.isPresent()) {
        if (!setting.get().local()) {
          session = setting.get().on();
          local = null;
        } else if (transactional || st.block() > 0) {
          // Outside a transaction block SET LOCAL has no effect (PostgreSQL only warns).
          local = setting.get().on();
          localBlock = st.block();
        }
        continue;
      }
      boolean localHolds = local != null && (transactional || localBlock == st.block());
      boolean timeout = localHolds ? local : session;
      if (timeout) continue;
      Optional<TableLockers.Lock> lock = TableLockers.of(text, st);
      if (lock.isPresent()) return List.of(finding(text, st, lock.get()));
    }
    return List.of();
  }

  private static Finding finding(MigrationText text, ScriptStatement st, TableLockers.Lock lock) {
    String table = lock.table().map(t -> t.display()).orElse("its table");
    return text.finding(
        CODE,
        Level.WARNING,
        Concern.LOCKS,
        st.line(),
        lock.statement()
            + lock.table().map(t -> " on existing table " + t.display()).orElse("")
            + " waits for its lock with no lock_timeout set",
        "If a long transaction is using "
            + table
            + ", this statement waits for it with no limit, and every query on "
            + table
            + " queues behind it: the application stalls for as long as the wait lasts.",
        "Start the migration with SET lock_timeout = '5s'; and deploy again if it times out.");
  }

  /** What the statement does to lock_timeout, if anything. */
  private static Optional<Setting> setting(StatementTokens t) {
    if (t.isWord(0, "RESET")) {
      boolean resets = t.isWord(1, "LOCK_TIMEOUT") || t.isWord(1, "ALL");
      return resets ? Optional.of(new Setting(false, false)) : Optional.empty();
    }
    if (t.isWord(0, "SET")) {
      int i = 1;
      boolean local = t.isWord(i, "LOCAL");
      if (local || t.isWord(i, "SESSION")) i++;
      if (!t.isWord(i, "LOCK_TIMEOUT")) return Optional.empty();
      i++;
      if (t.isWord(i, "TO") || t.isOperator(i, '=')) i++;
      return Optional.of(new Setting(local, on(t, i)));
    }
    // SELECT set_config('lock_timeout', '5s', is_local)
    if (t.isWord(0, "SELECT")
        && t.isWord(1, "SET_CONFIG")
        && t.isOpenParen(2)
        && t.isString(3)
        && t.stringValue(3).equals("lock_timeout")
        && t.isComma(4)
        && t.isComma(6)) {
      return Optional.of(new Setting(t.isWord(7, "TRUE"), on(t, 5)));
    }
    return Optional.empty();
  }

  private static boolean on(StatementTokens t, int value) {
    if (t.isWord(value, "DEFAULT") || value >= t.size()) return false;
    String text = t.isString(value) ? t.stringValue(value) : t.text(value, value + 1);
    return !ZERO.matcher(text).matches();
  }
}
