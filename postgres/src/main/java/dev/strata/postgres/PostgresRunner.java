package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.MigrationFailedException;
import dev.strata.core.execute.MigrationRunner;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.postgres.sql.PostgresSplitter;
import dev.strata.postgres.sql.StatementClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;

/**
 * Runs migrations on PostgreSQL. A transactional migration goes to the server as one message:
 * BEGIN, the script verbatim, its history row, COMMIT; so it is applied and recorded together or
 * not at all, in one round trip. A migration with statements that cannot run in a transaction
 * block, or with its own BEGIN/COMMIT, runs statement by statement as psql would run the file,
 * recording each completed step so that a rerun resumes after the last one.
 */
final class PostgresRunner implements MigrationRunner {
  private static final String STARTED_AT = "current_setting('strata.started_at')::timestamptz";
  private static final String MARK_START =
      "SELECT set_config('strata.started_at', clock_timestamp()::text, true);\n";

  private final Connection connection;
  private final PostgresHistoryStore history;
  private final PostgresSplitter splitter = new PostgresSplitter();

  private final dev.strata.core.execute.RunLimits limits;

  PostgresRunner(
      Connection connection,
      PostgresHistoryStore history,
      dev.strata.core.execute.RunLimits limits) {
    this.connection = connection;
    this.history = history;
    this.limits = limits;
    // Session settings: they hold for every statement of every migration of this deploy (a
    // migration may still SET its own), and for the stepwise ones outside any transaction.
    try {
      if (limits.lockTimeout().isPresent()) {
        execute("SET lock_timeout = '" + limits.lockTimeout().get().toMillis() + "ms'");
      }
      if (limits.statementTimeout().isPresent()) {
        execute("SET statement_timeout = '" + limits.statementTimeout().get().toMillis() + "ms'");
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot set the lock and statement timeouts: " + e.getMessage(), e);
    }
  }

  /**
   * lock_not_available: a lock_timeout expired. The statement (and its transaction) did nothing.
   */
  private static boolean lockTimedOut(SQLException e) {
    return "55P03".equals(e.getSQLState());
  }

  /** Waits a little longer before each retry, so the blocker has a chance to finish. */
  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(Math.min(10_000L, 500L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public ScriptPlan analyze(Migration migration) {
    List<SqlStatement> statements;
    try {
      statements = splitter.split(migration.sql());
    } catch (SqlSyntaxException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot run migration `"
              + migration.name()
              + "`: "
              + migration.displayPath()
              + ":"
              + e.line()
              + ": "
              + e.getMessage().replaceFirst("^line \\d+: ", "")
              + ". Nothing was run.");
    }
    List<String> reasons = new ArrayList<>();
    for (SqlStatement st : statements) {
      if (StatementClassifier.isTransactionControl(st)) {
        reasons.add("its own " + st.words().get(0) + " at line " + st.startLine());
      } else {
        StatementClassifier.nonTransactionalReason(st)
            .ifPresent(reason -> reasons.add(reason + " (line " + st.startLine() + ")"));
      }
    }
    return new ScriptPlan(migration, statements, reasons);
  }

  @Override
  public List<String> whyNotAtomic(List<ScriptPlan> batch) {
    List<String> reasons = new ArrayList<>();
    record Added(String value, String type, Migration by, int line) {}
    List<Added> added = new ArrayList<>();
    for (ScriptPlan plan : batch) {
      if (!plan.transactional()) {
        reasons.add(
            "migration `"
                + plan.migration().name()
                + "` cannot share a transaction: "
                + String.join(", ", plan.stepwiseReasons()));
        continue;
      }
      for (SqlStatement st : plan.statements()) {
        for (Added a : added) {
          if (StatementClassifier.usesStringLiteral(st, a.value())) {
            reasons.add(
                "migration `"
                    + plan.migration().name()
                    + "` uses enum value '"
                    + a.value()
                    + "' (line "
                    + st.startLine()
                    + ") that migration `"
                    + a.by().name()
                    + "` adds to "
                    + a.type()
                    + " (line "
                    + a.line()
                    + "), and PostgreSQL cannot use a new enum value in the transaction that added it");
          }
        }
        StatementClassifier.enumValueAdded(st)
            .ifPresent(
                e ->
                    added.add(
                        new Added(e.value(), e.typeName(), plan.migration(), st.startLine())));
      }
    }
    return reasons;
  }

  @Override
  public void apply(
      ScriptPlan plan, Optional<AppliedMigration> interrupted, DeployListener listener) {
    if (plan.transactional()) {
      // A transactional migration is all-or-nothing, so an interrupted attempt (a Prisma deploy
      // that
      // died, say) left nothing behind: close that row and run the whole script again.
      interrupted.ifPresent(row -> history.markRolledBack(row.id()));
      listener.starting(plan, 0);
      applyInOneTransaction(plan, listener);
    } else {
      applyStepwise(plan, interrupted, listener);
    }
  }

  private void applyInOneTransaction(ScriptPlan plan, DeployListener listener) {
    Migration m = plan.migration();
    // Nothing of ours runs before the script inside the transaction, so a script may start with
    // SET TRANSACTION ISOLATION LEVEL, as under psql -1; now() is the transaction's start.
    String prefix = "BEGIN;\n";
    String sql =
        prefix
            + m.sql()
            + "\n;\n"
            + history.appliedRowSql(
                UUID.randomUUID().toString(),
                m.name(),
                m.checksum(),
                "now()",
                plan.statements().size())
            + ";\nCOMMIT;";
    for (int attempt = 1; ; attempt++) {
      try {
        execute(sql);
        return;
      } catch (SQLException e) {
        rollbackIfOpen();
        if (lockTimedOut(e) && attempt <= limits.retries()) {
          listener.retrying(plan, attempt + 1, limits.retries() + 1, serverMessage(e));
          pauseBeforeRetry(attempt);
          continue;
        }
        throw failed(plan, prefix, e);
      }
    }
  }

  /** Records a failed transactional migration; returns the exception to throw. */
  private StrataException failed(ScriptPlan plan, String prefix, SQLException e) {
    Migration m = plan.migration();
    if (connectionLost(e)) {
      return lostConnection(
          m,
          "Its transaction was rolled back by the server: nothing of it was applied. Run deploy"
              + " again.",
          e);
    }
    int position = serverPosition(e) - prefix.length() - 1;
    Failure failure =
        position >= 0 && position < m.sql().length()
            ? new Failure(lineIn(m.sql(), position), e)
            : locateByReplay(plan, e);
    return recordFailure(
        m,
        failure,
        "Its transaction was rolled back: nothing of it was applied"
            + (lockTimedOut(e) && limits.retries() > 0
                ? " (tried " + (limits.retries() + 1) + " times)."
                : "."),
        null);
  }

  @Override
  public void applyAtomically(List<ScriptPlan> plans, DeployListener listener) {
    StringBuilder sql = new StringBuilder("BEGIN;\n");
    int[] starts = new int[plans.size()];
    for (int i = 0; i < plans.size(); i++) {
      Migration m = plans.get(i).migration();
      sql.append(MARK_START);
      starts[i] = sql.length();
      sql.append(m.sql())
          .append("\n;\n")
          .append(
              history.appliedRowSql(
                  UUID.randomUUID().toString(),
                  m.name(),
                  m.checksum(),
                  STARTED_AT,
                  plans.get(i).statements().size()))
          .append(";\n");
    }
    sql.append("COMMIT;");
    try {
      listener.startingAtomically(plans);
      long start = System.nanoTime();
      execute(sql.toString());
      listener.appliedAtomically(plans, java.time.Duration.ofNanos(System.nanoTime() - start));
    } catch (SQLException e) {
      rollbackIfOpen();
      if (connectionLost(e))
        throw lostConnection(
            plans.get(0).migration(),
            "The batch's transaction was rolled"
                + " back by the server: nothing was applied. Run deploy again.",
            e);
      int position = serverPosition(e) - 1;
      for (int i = plans.size() - 1; i >= 0; i--) {
        Migration m = plans.get(i).migration();
        if (position >= starts[i] && position < starts[i] + m.sql().length()) {
          throw recordFailure(
              m,
              new Failure(lineIn(m.sql(), position - starts[i]), e),
              "The whole batch was rolled back (--atomic): nothing was applied.",
              null);
        }
      }
      // No position: replay the batch in a transaction that is rolled back, to find the statement.
      for (ScriptPlan plan : plans) {
        Failure failure = locateByReplay(plan, null);
        if (failure != null && failure.line() > 0) {
          throw recordFailure(
              plan.migration(),
              failure,
              "The whole batch was rolled back (--atomic): nothing was applied.",
              null);
        }
      }
      throw recordFailure(
          plans.get(0).migration(),
          new Failure(0, e),
          "The whole batch was rolled back (--atomic): nothing was applied.",
          null);
    }
  }

  private void applyStepwise(
      ScriptPlan plan, Optional<AppliedMigration> interrupted, DeployListener listener) {
    Migration m = plan.migration();
    List<SqlStatement> statements = plan.statements();
    String id =
        interrupted
            .map(AppliedMigration::id)
            .orElseGet(() -> history.insertStarted(m.name(), m.checksum()));
    int from = interrupted.map(AppliedMigration::appliedStepsCount).orElse(0);
    listener.starting(plan, from);
    for (int i = from; i < statements.size(); i++) {
      SqlStatement st = statements.get(i);
      try {
        boolean alreadyDone =
            repairConcurrentIndex(plan, st, interrupted.isPresent() && i == from, listener);
        if (!alreadyDone) executeWithRetries(plan, st, listener);
        // In a block the migration opened itself, this update joins its transaction and so is
        // rolled back with it: the recorded step count never runs ahead of what was committed.
        execute(history.recordStepsSql(id, i + 1));
        listener.stepDone(plan, i + 1);
      } catch (SQLException e) {
        if (connectionLost(e)) {
          throw lostConnection(
              m,
              "Steps 1-"
                  + i
                  + " of "
                  + statements.size()
                  + " are recorded; statement "
                  + (i + 1)
                  + " (line "
                  + st.startLine()
                  + ") may not have completed. Run deploy again to resume.",
              e);
        }
        rollbackIfOpen();
        int position = serverPosition(e) - 1;
        int line = position >= 0 ? st.lineAt(position) : st.startLine();
        throw recordFailure(
            m,
            new Failure(line, e),
            "Statements 1-"
                + i
                + " of "
                + statements.size()
                + " were applied and stay applied (this migration cannot run in one transaction).",
            id);
      }
    }
    if (inTransaction()) {
      rollbackIfOpen();
      throw recordFailure(
          m,
          new Failure(statements.get(statements.size() - 1).startLine(), null),
          "It opens a transaction that it never commits; that transaction was rolled back.",
          id);
    }
    history.markFinished(id, statements.size());
  }

  @Override
  public void revert(ScriptPlan down, AppliedMigration applied) {
    Migration script = down.migration();
    String markRolledBack = history.rolledBackSql(applied.id());
    if (down.transactional()) {
      // The down script and the history change commit together, or neither does.
      String prefix = "BEGIN;\n";
      try {
        execute(prefix + script.sql() + "\n;\n" + markRolledBack + ";\nCOMMIT;");
        return;
      } catch (SQLException e) {
        rollbackIfOpen();
        int position = serverPosition(e) - prefix.length() - 1;
        int line =
            position >= 0 && position < script.sql().length()
                ? lineIn(script.sql(), position)
                : locateByReplay(down, e).line();
        throw revertFailed(
            script, line, e, "Its transaction was rolled back: nothing was changed.");
      }
    }
    List<SqlStatement> statements = down.statements();
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement st = statements.get(i);
      try {
        execute(st.text());
      } catch (SQLException e) {
        rollbackIfOpen();
        int position = serverPosition(e) - 1;
        throw revertFailed(
            script,
            position >= 0 ? st.lineAt(position) : st.startLine(),
            e,
            "Statements 1-"
                + i
                + " of "
                + statements.size()
                + " of it were applied (it cannot run in"
                + " one transaction); the migration is still recorded as applied.");
      }
    }
    try {
      execute(markRolledBack);
    } catch (SQLException e) {
      throw revertFailed(script, 0, e, "The down script ran, but the history was not updated.");
    }
  }

  private static MigrationFailedException revertFailed(
      Migration down, int line, SQLException e, String consequence) {
    String location = down.displayPath() + (line > 0 ? ":" + line : "");
    return new MigrationFailedException(
        down.name(),
        location,
        "Rollback of `"
            + down.name()
            + "` failed at "
            + location
            + ": "
            + serverMessage(e)
            + Optional.ofNullable(e.getSQLState()).map(s -> " (SQLSTATE " + s + ")").orElse("")
            + ". "
            + consequence,
        Optional.ofNullable(e.getSQLState()),
        e);
  }

  /**
   * One statement outside a transaction of ours: a lock timeout left nothing, so it may run again.
   */
  private void executeWithRetries(ScriptPlan plan, SqlStatement st, DeployListener listener)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        execute(st.text());
        return;
      } catch (SQLException e) {
        if (!lockTimedOut(e) || attempt > limits.retries() || inTransaction()) throw e;
        listener.retrying(plan, attempt + 1, limits.retries() + 1, serverMessage(e));
        pauseBeforeRetry(attempt);
        // An interrupted CREATE INDEX CONCURRENTLY may leave an INVALID index: rebuild it.
        repairConcurrentIndex(plan, st, false, listener);
      }
    }
  }

  /**
   * Before a CREATE INDEX CONCURRENTLY: an index of that name left INVALID by an earlier failed or
   * killed build is dropped, so it is rebuilt instead of silently kept. Returns true when resuming
   * right at this statement and a valid index of that name shows it completed before the crash.
   */
  private boolean repairConcurrentIndex(
      ScriptPlan plan, SqlStatement st, boolean resumingHere, DeployListener listener)
      throws SQLException {
    var index = StatementClassifier.concurrentIndexCreated(st);
    if (index.isEmpty()) return false;
    String sql =
        "SELECT n.nspname, i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = "
            + Sql.literal(index.get().name())
            + " AND "
            + index
                .get()
                .schema()
                .map(s -> "n.nspname = " + Sql.literal(s))
                .orElse("n.nspname = ANY (current_schemas(false))")
            + " ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1";
    try (Statement q = connection.createStatement();
        var rs = q.executeQuery(sql)) {
      if (!rs.next()) return false;
      String qualified = Sql.identifier(rs.getString(1)) + "." + Sql.identifier(index.get().name());
      if (rs.getBoolean(2)) return resumingHere && !st.words().contains("EXISTS");
      listener.rebuildingInvalidIndex(plan, rs.getString(1) + "." + index.get().name());
      execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
      return false;
    }
  }

  /**
   * The server gave no error position (a runtime error such as a constraint violation): replay the
   * statements in a transaction that is rolled back, to find which one fails.
   */
  private Failure locateByReplay(ScriptPlan plan, SQLException original) {
    try {
      execute("BEGIN");
      for (SqlStatement st : plan.statements()) {
        try {
          execute(st.text());
        } catch (SQLException e) {
          int position = serverPosition(e) - 1;
          return new Failure(
              position >= 0 ? st.lineAt(position) : st.startLine(),
              original == null ? e : original);
        }
      }
      return original == null ? null : new Failure(0, original);
    } catch (SQLException e) {
      return new Failure(0, original == null ? e : original);
    } finally {
      rollbackIfOpen();
    }
  }

  private record Failure(int line, SQLException cause) {}

  private MigrationFailedException recordFailure(
      Migration m, Failure failure, String consequence, String rowId) {
    String location = m.displayPath() + (failure.line() > 0 ? ":" + failure.line() : "");
    SQLException e = failure.cause();
    String error = e == null ? "transaction left open" : serverMessage(e);
    Optional<String> state = Optional.ofNullable(e == null ? null : e.getSQLState());
    String logs =
        "Migration `"
            + m.name()
            + "` failed at "
            + location
            + "\n"
            + error
            + state.map(s -> " (SQLSTATE " + s + ")").orElse("")
            + "\n"
            + consequence;
    try {
      if (rowId == null) history.insertFailed(m.name(), m.checksum(), logs);
      else history.markFailed(rowId, logs);
    } catch (StrataException recordError) {
      // Keep the migration's own error in front; the history write failure is secondary.
      e = e == null ? new SQLException(recordError.getMessage()) : e;
    }
    String hint =
        "42501".equals(state.orElse(""))
            ? " The database user lacks a privilege: grant it (GRANT CREATE ON SCHEMA …, or make it the table's owner)."
            : "";
    String message =
        "Migration `"
            + m.name()
            + "` failed at "
            + location
            + ": "
            + error
            + state.map(s -> " (SQLSTATE " + s + ")").orElse("")
            + ". "
            + consequence
            + hint
            + " Fix the migration or the database, then run `strata resolve --rolled-back "
            + m.name()
            + "` and deploy again.";
    return new MigrationFailedException(m.name(), location, message, state, e);
  }

  private static MigrationFailedException lostConnection(
      Migration m, String consequence, SQLException e) {
    return new MigrationFailedException(
        m.name(),
        m.displayPath(),
        "Lost the connection to the database while"
            + " applying migration `"
            + m.name()
            + "`: "
            + e.getMessage()
            + ". "
            + consequence,
        Optional.ofNullable(e.getSQLState()),
        e);
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      var server = p.getServerErrorMessage();
      String text = server.getSeverity() + ": " + server.getMessage();
      if (server.getDetail() != null) text += " (" + server.getDetail() + ")";
      return text;
    }
    return e.getMessage();
  }

  private static int serverPosition(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getPosition();
    }
    return 0;
  }

  private static int lineIn(String script, int position) {
    int line = 1;
    for (int i = 0; i < position && i < script.length(); i++) if (script.charAt(i) == '\n') line++;
    return line;
  }

  private static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    }
  }

  private boolean inTransaction() {
    try {
      return connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    } catch (SQLException e) {
      return false;
    }
  }

  private void rollbackIfOpen() {
    try {
      if (!connection.isClosed() && inTransaction()) execute("ROLLBACK");
    } catch (SQLException e) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }
}
