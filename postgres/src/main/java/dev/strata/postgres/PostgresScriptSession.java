package dev.strata.postgres;

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
import dev.strata.postgres.sql.PostgresSplitter;
import dev.strata.postgres.sql.ScriptAnalysis;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.CachedQuery;
import org.postgresql.core.Field;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.TransactionState;
import org.postgresql.core.Tuple;

/**
 * The PostgreSQL primitives the core executor runs migrations with. Statements go to the server as
 * written, in simple-protocol messages of up to about a megabyte (the server parses a whole message
 * before running it), through pgjdbc's query executor with a handler that only counts completions:
 * no result is kept, so a script of half a million statements costs no more per statement than one
 * of ten, and the count names the statement that failed.
 */
final class PostgresScriptSession implements ScriptSession {
  private final Connection connection;
  private final SqlHistory history;
  private final RunLimits limits;
  private final BiConsumer<ScriptPlan, String> notes;
  private final PostgresSplitter splitter = new PostgresSplitter();
  private boolean prepared;

  PostgresScriptSession(
      Connection connection,
      SqlHistory history,
      RunLimits limits,
      BiConsumer<ScriptPlan, String> notes) {
    this.connection = connection;
    this.history = history;
    this.limits = limits;
    this.notes = notes;
  }

  @Override
  public ScriptPlan analyze(Migration migration) {
    return ScriptAnalysis.plan(migration);
  }

  @Override
  public List<String> whyNotAtomic(List<ScriptPlan> batch) {
    return AtomicBatch.whyNot(batch);
  }

  @Override
  public void run(List<Part> parts) throws StatementFailure {
    prepare();
    ScriptMessage message = null;
    for (Part part : parts) {
      if (message == null) message = new ScriptMessage(tag(parts));
      if (part instanceof Part.Begin) {
        message.ours("BEGIN", "when its transaction began");
      } else if (part instanceof Part.Commit) {
        message.ours("COMMIT", "when its transaction committed");
      } else if (part instanceof Part.Write write) {
        message.ours(history.sql(write.write()), "while recording it in the history table");
      } else if (part instanceof Part.Steps steps) {
        for (int i = steps.from(); i < steps.to(); i++) {
          if (steps.plan().step(i).kind() == Step.Kind.OUTSIDE_TRANSACTION)
            repairBefore(steps.plan(), i);
          message.step(steps.plan(), i);
          if (message.full()) {
            send(message, parts);
            message = new ScriptMessage(tag(parts));
          }
        }
      }
    }
    if (message != null && !message.isEmpty()) send(message, parts);
  }

  /** {@code strata: NAME}: pg_stat_activity shows which migration a deployer is applying. */
  private static String tag(List<Part> parts) {
    for (Part part : parts) {
      if (part instanceof Part.Steps steps) return "strata: " + steps.plan().migration().name();
    }
    return "";
  }

  /** Counts the statements the server completed; keeps no rows. */
  private static final class Completions extends ResultHandlerBase {
    int count;

    @Override
    public void handleResultRows(
        org.postgresql.core.Query query, Field[] fields, List<Tuple> tuples, ResultCursor cursor) {
      count++;
    }

    @Override
    public void handleCommandStatus(String status, long updateCount, long insertOID) {
      count++;
    }
  }

  private void send(ScriptMessage message, List<Part> parts) throws StatementFailure {
    String sql = message.text();
    Completions completions = new Completions();
    try {
      QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
      CachedQuery query = executor.createQuery(sql, false, false);
      executor.execute(
          query.query,
          null,
          completions,
          0,
          0,
          QueryExecutor.QUERY_EXECUTE_AS_SIMPLE
              | QueryExecutor.QUERY_SUPPRESS_BEGIN
              | QueryExecutor.QUERY_NO_METADATA);
    } catch (SQLException e) {
      int position = ServerErrors.position(e);
      ScriptMessage.Entry entry = message.failed(position, completions.count);
      boolean ownStatementAlone = parts.size() == 1;
      StatementFailure.Kind kind = ServerErrors.kind(e, entry.isStep());
      if (kind == StatementFailure.Kind.MUST_RUN_ALONE && ownStatementAlone) {
        kind = StatementFailure.Kind.OTHER; // already alone: it fails for another reason
      }
      if (!entry.isStep()) {
        throw new StatementFailure(
            kind, Optional.ofNullable(e.getSQLState()), ServerErrors.message(e), entry.where(), e);
      }
      Step step = entry.plan().step(entry.step());
      int inText = message.positionIn(entry, position);
      int line =
          position > 0 && inText >= 0 && inText <= entry.length()
              ? entry.plan().lineAt(step, inText)
              : 0;
      throw new StatementFailure(
          kind,
          Optional.ofNullable(e.getSQLState()),
          ServerErrors.message(e),
          entry.plan(),
          entry.step(),
          line,
          e);
    }
  }

  /**
   * Once per session: the deploy's timeouts, and, on PostgreSQL 14+, a check every second that the
   * client is still there, so a deployer killed mid-statement does not leave its statement running
   * (and committing) on the server with nobody to record it.
   */
  private void prepare() throws StatementFailure {
    if (prepared) return;
    prepared = true;
    List<String> settings = new ArrayList<>();
    limits
        .lockTimeout()
        .ifPresent(d -> settings.add("SET lock_timeout = '" + d.toMillis() + "ms'"));
    limits
        .statementTimeout()
        .ifPresent(d -> settings.add("SET statement_timeout = '" + d.toMillis() + "ms'"));
    try (Statement st = connection.createStatement()) {
      if (connection.unwrap(BaseConnection.class).haveMinimumServerVersion(140000))
        settings.add("SET client_connection_check_interval = '1s'");
      for (String setting : settings) st.execute(setting);
    } catch (SQLException e) {
      throw new StatementFailure(
          ServerErrors.kind(e, false),
          Optional.ofNullable(e.getSQLState()),
          ServerErrors.message(e),
          "while setting the lock and statement timeouts",
          e);
    }
  }

  /**
   * Before a CREATE INDEX CONCURRENTLY: an index of that name left INVALID by an earlier failed or
   * killed build is dropped, so it is rebuilt instead of silently kept (IF NOT EXISTS would skip
   * it).
   */
  private void repairBefore(ScriptPlan plan, int index) throws StatementFailure {
    try {
      new InFlightJudge(connection)
          .dropInvalidIndex(plan, plan.step(index))
          .ifPresent(
              dropped ->
                  notes.accept(
                      plan,
                      "index "
                          + dropped
                          + " was left INVALID by an interrupted build: dropped it to rebuild"));
    } catch (SQLException e) {
      throw new StatementFailure(
          ServerErrors.kind(e, false),
          Optional.ofNullable(e.getSQLState()),
          ServerErrors.message(e),
          plan,
          index,
          0,
          e);
    }
  }

  @Override
  public boolean inTransaction() {
    try {
      return connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void rollback() {
    try {
      if (!connection.isClosed() && inTransaction()) {
        try (Statement st = connection.createStatement()) {
          st.execute("ROLLBACK");
        }
      }
    } catch (SQLException e) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }

  @Override
  public Judgement judge(ScriptPlan plan, Step step) {
    try {
      return new InFlightJudge(connection).judge(plan, step);
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot check whether statement "
              + (step.index() + 1)
              + " of migration `"
              + plan.migration().name()
              + "` took effect: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void cancel() {
    try {
      connection.unwrap(PGConnection.class).cancelQuery();
    } catch (SQLException e) {
      // Nothing running, or the connection is gone: either way nothing is left to cancel.
    }
  }
}
