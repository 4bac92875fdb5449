package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.execute.Judgement;
import dev.strata.core.execute.Part;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.ScriptSession;
import dev.strata.core.execute.StatementFailure;
import dev.strata.core.execute.Step;
import dev.strata.core.source.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MySQL and MariaDB primitives the core executor runs migrations with. Each statement is sent
 * on its own, exactly as written (a comment naming the migration in front, for the process list).
 * The servers say nothing per statement about an open transaction, so the session follows it: ours
 * and the script's BEGIN open one; COMMIT, ROLLBACK and any statement that commits implicitly close
 * it.
 */
final class MysqlScriptSession implements ScriptSession {
  private final Connection connection;
  private final MysqlHistoryStore history;
  private final RunLimits limits;
  private final String database;
  private final boolean mariadb;
  private final MysqlSplitter splitter = new MysqlSplitter();
  private boolean prepared;
  private boolean inTransaction;
  private volatile Statement running;

  MysqlScriptSession(
      Connection connection,
      MysqlHistoryStore history,
      RunLimits limits,
      String database,
      boolean mariadb) {
    this.connection = connection;
    this.history = history;
    this.limits = limits;
    this.database = database;
    this.mariadb = mariadb;
  }

  @Override
  public ScriptPlan analyze(Migration migration) {
    return MysqlScripts.plan(migration, splitter);
  }

  @Override
  public List<String> whyNotAtomic(List<ScriptPlan> batch) {
    List<String> reasons = new ArrayList<>();
    for (ScriptPlan plan : batch) {
      if (!plan.transactional())
        reasons.add(plan.migration().name() + ": " + plan.stepwiseReasons().get(0));
    }
    return reasons;
  }

  @Override
  public void run(List<Part> parts) throws StatementFailure {
    prepare();
    String tag = tag(parts);
    for (Part part : parts) {
      if (part instanceof Part.Begin) {
        ours("START TRANSACTION", "when its transaction began");
        inTransaction = true;
      } else if (part instanceof Part.Commit) {
        ours("COMMIT", "when its transaction committed");
        inTransaction = false;
      } else if (part instanceof Part.Write write) {
        ours(history.sql(write.write()), "while recording it in the history table");
      } else if (part instanceof Part.Steps steps) {
        for (int i = steps.from(); i < steps.to(); i++) step(steps.plan(), i, tag);
      }
    }
  }

  /** {@code /* strata: NAME *}{@code /}: the process list shows which migration a deployer runs. */
  private static String tag(List<Part> parts) {
    for (Part part : parts) {
      if (part instanceof Part.Steps steps)
        return "/* strata: " + steps.plan().migration().name().replace("*/", "* /") + " */ ";
    }
    return "";
  }

  private void step(ScriptPlan plan, int index, String tag) throws StatementFailure {
    Step step = plan.step(index);
    try {
      execute(tag + plan.text(step));
    } catch (SQLException e) {
      // A statement that commits implicitly has ended the transaction even when it failed.
      if (step.kind() == Step.Kind.OUTSIDE_TRANSACTION) inTransaction = false;
      int inStatement = MysqlErrors.lineInStatement(e);
      throw new StatementFailure(
          MysqlErrors.kind(e),
          Optional.ofNullable(e.getSQLState()),
          MysqlErrors.message(e),
          plan,
          index,
          inStatement > 0 ? step.line() + inStatement - 1 : step.line(),
          e);
    }
    switch (step.kind()) {
      case BEGIN -> inTransaction = true;
      case COMMIT, ROLLBACK, OUTSIDE_TRANSACTION -> inTransaction = false;
      case ORDINARY -> {}
    }
  }

  private void ours(String sql, String where) throws StatementFailure {
    try {
      execute(sql);
    } catch (SQLException e) {
      throw new StatementFailure(
          MysqlErrors.kind(e),
          Optional.ofNullable(e.getSQLState()),
          MysqlErrors.message(e),
          where,
          e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setEscapeProcessing(false);
      running = st;
      try {
        boolean results = st.execute(sql);
        // A CALL may return several results; all are read, so the next statement can be sent.
        while (results || st.getUpdateCount() != -1) results = st.getMoreResults();
      } finally {
        running = null;
      }
    }
  }

  /**
   * Once per session: the deploy's lock timeout, for metadata locks (every DDL statement waits for
   * the transactions using its table) and row locks alike, and its statement timeout.
   */
  private void prepare() throws StatementFailure {
    if (prepared) return;
    prepared = true;
    List<String> settings = new ArrayList<>();
    limits
        .lockTimeout()
        .ifPresent(
            d -> {
              long seconds = Math.max(1, (d.toMillis() + 999) / 1000);
              settings.add("SET SESSION lock_wait_timeout = " + seconds);
              settings.add("SET SESSION innodb_lock_wait_timeout = " + seconds);
            });
    limits
        .statementTimeout()
        .ifPresent(
            d ->
                settings.add(
                    mariadb
                        ? "SET SESSION max_statement_time = " + d.toMillis() / 1000.0
                        : "SET SESSION max_execution_time = " + d.toMillis()));
    for (String setting : settings) ours(setting, "while setting the lock and statement timeouts");
  }

  @Override
  public boolean inTransaction() {
    return inTransaction;
  }

  @Override
  public void rollback() {
    if (!inTransaction) return;
    inTransaction = false;
    try (Statement st = connection.createStatement()) {
      if (!connection.isClosed()) st.execute("ROLLBACK");
    } catch (SQLException e) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }

  @Override
  public Judgement judge(ScriptPlan plan, Step step) {
    try {
      return new DdlJudge(connection, database).judge(plan.text(step));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot check whether statement "
              + (step.index() + 1)
              + " of migration `"
              + plan.migration().name()
              + "` took effect: "
              + MysqlErrors.message(e),
          e);
    }
  }

  @Override
  public void cancel() {
    Statement st = running;
    if (st == null) return;
    try {
      // The driver sends KILL QUERY for this connection's thread over a connection of its own.
      st.cancel();
    } catch (SQLException e) {
      // Finished meanwhile, or the connection is gone: nothing is left to cancel.
    }
  }
}
