package dev.strata.postgres.review;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.Step;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewEngine;
import dev.strata.postgres.ConnectionSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one migration on a shadow database and reads, after each statement and before the commit,
 * what it really did: the table locks its transaction now holds ({@code pg_locks}), the tables
 * whose storage file changed (a rewrite), the tables and columns that are gone. Statements that
 * cannot run in a transaction are watched by {@link OutsideTransaction} from a second connection.
 */
final class Observer {
  private static final String OWN_LOCKS =
      """
      SELECT n.nspname || '.' || c.relname, l.mode
        FROM pg_locks l
        JOIN pg_class c ON c.oid = l.relation
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
         AND c.relkind IN ('r', 'p', 'm')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%'
      """;

  private final Connection connection;
  private final ConnectionSpec spec;
  private final Set<String> inUse;
  private final ReviewEngine target;
  private final boolean sampled;

  Observer(
      Connection connection,
      ConnectionSpec spec,
      Set<String> inUse,
      ReviewEngine target,
      boolean sampled) {
    this.connection = connection;
    this.spec = spec;
    this.inUse = inUse;
    this.target = target;
    this.sampled = sampled;
  }

  Observation observe(ScriptPlan plan, Optional<Duration> lockTimeout) throws SQLException {
    long start = System.nanoTime();
    List<ObservedStatement> observed = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    Optional<String> stopped = Optional.empty();
    CatalogState state = CatalogState.read(connection);
    Map<String, String> held = new HashMap<>();
    Step current = null;
    boolean ownBlock = false;
    try {
      // Each migration is observed as a fresh deploy session would run it: a SET in an earlier
      // migration does not count.
      execute("RESET ALL");
      if (lockTimeout.isPresent()) {
        execute("SET lock_timeout = '" + lockTimeout.get().toMillis() + "ms'");
      }
      if (plan.transactional()) connection.setAutoCommit(false);
      for (Step step : plan.steps()) {
        current = step;
        String sql = plan.text(step);
        switch (step.kind()) {
          case BEGIN, COMMIT, ROLLBACK -> {
            // The script's own transaction is kept as written: a temporary table ON COMMIT DROP
            // lives until its COMMIT, SET TRANSACTION comes first in it. PREPARE TRANSACTION
            // commits here: a shadow server need not allow prepared transactions.
            ownBlock = step.kind() == Step.Kind.BEGIN;
            execute(sql.regionMatches(true, 0, "PREPARE", 0, 7) ? "COMMIT" : sql);
            held.clear();
            if (step.kind() == Step.Kind.ROLLBACK) state = CatalogState.read(connection);
            continue;
          }
          case OUTSIDE_TRANSACTION -> {
            var watched = new OutsideTransaction(connection, spec, state, inUse).run(sql);
            CatalogState after = CatalogState.read(connection);
            observed.add(
                statement(step, sql, watched.millis(), watched.locks(), state, after, true)
                    .withWritesContinued(watched.writesContinued(), lockTimeout()));
            state = after;
            continue;
          }
          case ORDINARY -> {}
        }
        boolean ours = !plan.transactional() && !ownBlock;
        if (ours) connection.setAutoCommit(false);
        long t0 = System.nanoTime();
        execute(sql);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<LockTaken> taken = newLocks(held);
        CatalogState after = CatalogState.read(connection);
        observed.add(
            statement(step, sql, millis, taken, state, after, false)
                .withWritesContinued(false, lockTimeout()));
        if (ours) {
          connection.commit();
          connection.setAutoCommit(true);
          held.clear();
        }
        state = after;
      }
      if (plan.transactional()) connection.commit();
    } catch (SQLException e) {
      if (!connection.getAutoCommit()) connection.rollback();
      else if (ownBlock) rollbackQuietly();
      String where = current == null ? "" : "line " + current.line() + ": ";
      Optional<String> missing =
          current == null ? Optional.empty() : extensionOnlyTheTargetHas(plan.text(current), e);
      if (missing.isPresent()) {
        stopped =
            Optional.of(
                where
                    + "extension "
                    + missing.get()
                    + " is not installed on the shadow server, though the target has it");
      } else if ("42P01".equals(e.getSQLState())
          && PostgresReviewEngine.namesAny(e.getMessage(), inUse)) {
        // The shadow holds only the part of the schema the migrations name (and what that needs
        // or is needed by); something reached them another way, say from dynamic SQL.
        stopped =
            Optional.of(
                where
                    + e.getMessage().strip()
                    + " (the target has it; the shadow database holds only the tables the"
                    + " migrations name and those linked to them)");
      } else if (current != null && failedOnRowsTheShadowLacks(plan.text(current), e)) {
        stopped =
            Optional.of(
                where
                    + e.getMessage().strip()
                    + " (on the shadow database, which has the target's tables but not their rows;"
                    + " the target's rows decide whether it fails there)");
      } else {
        failure = Optional.of(where + e.getMessage().strip());
      }
    } finally {
      connection.setAutoCommit(true);
      // SET lock_timeout and friends in the script would otherwise carry into the next migration.
      execute("RESET ALL");
    }
    return new Observation(observed, (System.nanoTime() - start) / 1_000_000, failure, stopped);
  }

  /**
   * The extension a {@code CREATE EXTENSION} could not find on the shadow server while the target
   * has it: the shadow falls short, the migration does not.
   */
  private Optional<String> extensionOnlyTheTargetHas(String sql, SQLException e) {
    Optional<String> missing = dev.strata.postgres.sql.MissingExtension.of(sql, e);
    if (missing.isEmpty()) return Optional.empty();
    String name = missing.get();
    boolean targetHasIt =
        target instanceof PostgresReviewEngine postgres && postgres.extensionAvailable(name);
    return targetHasIt ? Optional.of(name) : Optional.empty();
  }

  /**
   * A data error (a NOT NULL, unique, foreign-key or check violation, a bad value, a subquery of
   * several rows) in a statement that reads or writes a table the target has: on the shadow, which
   * holds none of the target's rows, it says nothing about the target. Errors in statements on the
   * batch's own new tables, errors of any other kind, and data errors on a sample of the target's
   * rows (--with-data), are real failures.
   */
  private boolean failedOnRowsTheShadowLacks(String sql, SQLException e) {
    if (sampled) return false;
    String state = e.getSQLState();
    boolean dataError =
        state != null
            && (state.startsWith("21") || state.startsWith("22") || state.startsWith("23"));
    return dataError && PostgresReviewEngine.namesAny(sql, inUse);
  }

  private void rollbackQuietly() {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // The connection is gone; the failure already says why.
    }
  }

  /** The table locks the transaction holds now that it did not hold (or held weaker) before. */
  private List<LockTaken> newLocks(Map<String, String> held) throws SQLException {
    List<LockTaken> taken = new ArrayList<>();
    Map<String, String> now = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(OWN_LOCKS)) {
      while (rs.next()) now.merge(rs.getString(1), rs.getString(2), Observer::stronger);
    }
    for (var lock : now.entrySet()) {
      String before = held.get(lock.getKey());
      if (before == null || LockModes.strength(lock.getValue()) > LockModes.strength(before)) {
        taken.add(lockTaken(lock.getKey(), lock.getValue()));
      }
    }
    held.putAll(now);
    return taken;
  }

  LockTaken lockTaken(String table, String mode) {
    return new LockTaken(
        table,
        LockModes.words(mode),
        inUse.contains(table),
        LockModes.blocksWrites(mode),
        LockModes.blocksReads(mode));
  }

  private static String stronger(String a, String b) {
    return LockModes.strength(a) >= LockModes.strength(b) ? a : b;
  }

  /** What changed between two catalog states, on tables the application uses. */
  private PartialStatement statement(
      Step step,
      String sql,
      long millis,
      List<LockTaken> locks,
      CatalogState before,
      CatalogState after,
      boolean outside) {
    List<String> rewritten = new ArrayList<>();
    List<DataAtRisk> dropped = new ArrayList<>();
    for (var entry : before.tables().entrySet()) {
      CatalogState.TableState old = entry.getValue();
      if (!inUse.contains(old.name())) continue;
      CatalogState.TableState now = after.tables().get(entry.getKey());
      if (now == null) {
        dropped.add(
            relabel(target.rowsAtRisk(old.name(), Optional.empty()), "table " + old.name()));
        continue;
      }
      if (now.relfilenode() != old.relfilenode()) rewritten.add(now.name());
      if (now.columnList().equals(old.columnList())) continue;
      for (String column : old.columns()) {
        if (!now.columns().contains(column)) {
          dropped.add(
              relabel(
                  target.rowsAtRisk(old.name(), Optional.of(column)),
                  "column " + old.name() + "." + column));
        }
      }
    }
    return new PartialStatement(
        step.line(), firstLine(sql), millis, locks, rewritten, dropped, outside);
  }

  private static DataAtRisk relabel(DataAtRisk counted, String object) {
    return new DataAtRisk(object, counted.rows(), counted.estimated());
  }

  private String lockTimeout() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  static String firstLine(String sql) {
    String line = sql.strip().lines().findFirst().orElse("").strip();
    return line.length() > 100 ? line.substring(0, 97) + "..." : line;
  }

  /** An observed statement before the last two facts are known. */
  private record PartialStatement(
      int line,
      String sql,
      long millis,
      List<LockTaken> locks,
      List<String> rewritten,
      List<DataAtRisk> dropped,
      boolean outside) {
    ObservedStatement withWritesContinued(boolean writesContinued, String lockTimeout) {
      return new ObservedStatement(
          line, sql, millis, locks, rewritten, dropped, outside, writesContinued, lockTimeout);
    }
  }
}
