package dev.strata.mysql.review;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewEngine;
import dev.strata.core.sql.SqlStatement;
import dev.strata.mysql.MysqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a migration on a shadow database statement by statement and learns, for each change to a
 * table in use, the cheapest way the server can make it: it asks for {@code ALGORITHM=INSTANT}
 * first, then in-place without a lock, and so on down to a locked copy. The server refuses a clause
 * it cannot honour before doing anything (errors 1845 and 1846), so the first clause it accepts is
 * how it would run the statement on the target, whose schema the shadow's is, rows aside: the
 * server picks the algorithm by the operation, not by the data.
 */
final class OnlineDdlObserver {
  /** ER_ALTER_OPERATION_NOT_SUPPORTED and ..._REASON: this algorithm or lock cannot do it. */
  private static final Set<Integer> NOT_SUPPORTED = Set.of(1845, 1846);

  /** A lock wait at or above this many seconds is as good as unbounded (the default is a year). */
  private static final long UNBOUNDED_SECONDS = 3600;

  /**
   * A way to run a change, cheapest first.
   *
   * @param clause appended to the statement ({@code ALGORITHM=INSTANT})
   * @param rebuilds the table's rows are copied into a new table file
   * @param lock what concurrent sessions can still do: {@code NONE} (read and write), {@code
   *     SHARED} (read), {@code EXCLUSIVE} (nothing)
   */
  private record Way(String clause, boolean rebuilds, String lock) {}

  private static final List<Way> MARIADB =
      List.of(
          new Way("ALGORITHM=INSTANT", false, "NONE"),
          new Way("ALGORITHM=NOCOPY, LOCK=NONE", false, "NONE"),
          new Way("ALGORITHM=INPLACE, LOCK=NONE", true, "NONE"),
          new Way("ALGORITHM=NOCOPY, LOCK=SHARED", false, "SHARED"),
          new Way("ALGORITHM=INPLACE, LOCK=SHARED", true, "SHARED"),
          new Way("ALGORITHM=COPY, LOCK=SHARED", true, "SHARED"),
          new Way("ALGORITHM=COPY, LOCK=EXCLUSIVE", true, "EXCLUSIVE"));

  // MySQL has no NOCOPY: an in-place change may or may not rebuild, which its clauses cannot tell.
  private static final List<Way> MYSQL =
      List.of(
          new Way("ALGORITHM=INSTANT", false, "NONE"),
          new Way("ALGORITHM=INPLACE, LOCK=NONE", false, "NONE"),
          new Way("ALGORITHM=INPLACE, LOCK=SHARED", false, "SHARED"),
          new Way("ALGORITHM=COPY, LOCK=SHARED", true, "SHARED"),
          new Way("ALGORITHM=COPY, LOCK=EXCLUSIVE", true, "EXCLUSIVE"));

  private final Connection connection;
  private final String database;
  private final boolean mariadb;
  private final Set<String> inUse;
  private final ReviewEngine target;

  /**
   * @param inUse bare table names of the target, lower case
   */
  OnlineDdlObserver(
      Connection connection,
      String database,
      boolean mariadb,
      Set<String> inUse,
      ReviewEngine target) {
    this.connection = connection;
    this.database = database;
    this.mariadb = mariadb;
    this.inUse = inUse;
    this.target = target;
  }

  Observation observe(ScriptPlan plan, Optional<Duration> lockTimeout) throws SQLException {
    long start = System.nanoTime();
    List<ObservedStatement> seen = new ArrayList<>();
    connection.setAutoCommit(true);
    try (Statement st = connection.createStatement()) {
      // As deploy sets it, so the migration's own SET (if any) is what changes it.
      st.execute(
          "SET SESSION lock_wait_timeout = "
              + lockTimeout.map(d -> Math.max(1, d.toSeconds())).orElse(31536000L));
    }
    for (SqlStatement statement : plan.statements()) {
      try {
        seen.add(run(statement));
      } catch (SQLException e) {
        if (MysqlErrors.lostConnection(e)) throw e;
        String error = "line " + statement.startLine() + ": " + MysqlErrors.message(e);
        return new Observation(seen, millisSince(start), Optional.of(error));
      }
    }
    return new Observation(seen, millisSince(start), Optional.empty());
  }

  private ObservedStatement run(SqlStatement statement) throws SQLException {
    String sql = statement.text();
    DdlText text = DdlText.of(sql);
    Optional<DdlText.Alter> alter = text.alterTable();
    Optional<String> table =
        alter.map(DdlText.Alter::table).or(text::createIndexTable).filter(this::used);
    boolean mayDrop = alter.isPresent() || !text.droppedTables().isEmpty();
    Set<String> columnsBefore = mayDrop ? columns() : Set.of();
    long start = System.nanoTime();
    Optional<Way> way = Optional.empty();
    if (table.isPresent()) {
      boolean explicit = text.clause("ALGORITHM").isPresent() || text.clause("LOCK").isPresent();
      way = explicit ? explicitWay(sql, text) : probe(sql, alter.isPresent());
    } else {
      execute(sql);
    }
    long millis = millisSince(start);
    List<LockTaken> locks = new ArrayList<>();
    List<String> rebuilt = new ArrayList<>();
    if (way.isPresent() && table.isPresent()) {
      Way w = way.get();
      String t = table.get();
      if (w.rebuilds()) rebuilt.add(t);
      if (!w.lock().equals("NONE") || w.rebuilds()) {
        locks.add(
            new LockTaken(
                t, w.clause(), true, !w.lock().equals("NONE"), w.lock().equals("EXCLUSIVE")));
      }
    }
    List<DataAtRisk> dropped = mayDrop ? dropped(text, columnsBefore, columns()) : List.of();
    return new ObservedStatement(
        statement.startLine(),
        firstLine(sql),
        millis,
        locks,
        rebuilt,
        dropped,
        false,
        false,
        lockWaitTimeout());
  }

  /**
   * Runs the statement with each way's clause until the server accepts one; the statement has then
   * run. Empty when no clause fitted the statement and it ran as written.
   */
  private Optional<Way> probe(String sql, boolean alterTable) throws SQLException {
    for (Way way : mariadb ? MARIADB : MYSQL) {
      // A new line first: a trailing -- comment must not swallow the clause.
      String clause = alterTable ? ",\n" + way.clause() : "\n" + way.clause().replace(",", "");
      try {
        execute(sql + clause);
        return Optional.of(way);
      } catch (SQLException e) {
        if (!NOT_SUPPORTED.contains(e.getErrorCode())) break;
      }
    }
    execute(sql);
    return Optional.empty();
  }

  /**
   * The statement names its own algorithm or lock: run it as written (the server refuses it if it
   * cannot honour them), judged by its words.
   */
  private Optional<Way> explicitWay(String sql, DdlText text) throws SQLException {
    execute(sql);
    String algorithm = text.clause("ALGORITHM").orElse("DEFAULT");
    String lock = text.clause("LOCK").orElse("DEFAULT");
    boolean copy = algorithm.equals("COPY");
    String held =
        switch (lock) {
          case "NONE" -> "NONE";
          case "SHARED" -> "SHARED";
          case "EXCLUSIVE" -> "EXCLUSIVE";
          default -> copy ? "SHARED" : "NONE";
        };
    if (algorithm.equals("DEFAULT") && lock.equals("DEFAULT")) return Optional.empty();
    List<String> asked = new ArrayList<>();
    if (!algorithm.equals("DEFAULT")) asked.add("ALGORITHM=" + algorithm);
    if (!lock.equals("DEFAULT")) asked.add("LOCK=" + lock);
    else if (copy) asked.add("so LOCK=SHARED");
    return Optional.of(new Way("as written: " + String.join(", ", asked), copy, held));
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
      while (st.getMoreResults() || st.getUpdateCount() != -1) {
        // Drain every result a CALL or multi-result statement returns.
      }
    }
  }

  private boolean used(String table) {
    return inUse.contains(table.toLowerCase(Locale.ROOT));
  }

  /** Every column of the shadow database, {@code table.column}. */
  private Set<String> columns() throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) columns.add(rs.getString(1) + "." + rs.getString(2));
      }
    }
    return columns;
  }

  /**
   * Tables and columns of the target gone after the statement, renames set aside, with the rows of
   * the target that held data there.
   */
  private List<DataAtRisk> dropped(DdlText text, Set<String> before, Set<String> after) {
    Set<String> renamed = new HashSet<>();
    Set<String> renamedTables = new HashSet<>();
    text.alterTable()
        .ifPresent(
            a -> {
              for (DdlText.Action action : a.actions()) {
                action.renamedColumn().ifPresent(r -> renamed.add(a.table() + "." + r.from()));
                action.renamedTableTo().ifPresent(to -> renamedTables.add(a.table()));
              }
            });
    Set<String> tablesAfter = new HashSet<>();
    for (String c : after) tablesAfter.add(c.substring(0, c.indexOf('.')));
    List<DataAtRisk> lost = new ArrayList<>();
    Set<String> tablesLost = new java.util.TreeSet<>();
    for (String column : new java.util.TreeSet<>(before)) {
      if (after.contains(column) || renamed.contains(column)) continue;
      String table = column.substring(0, column.indexOf('.'));
      if (!used(table) || renamedTables.contains(table)) continue;
      if (!tablesAfter.contains(table)) {
        tablesLost.add(table);
      } else {
        String name = column.substring(column.indexOf('.') + 1);
        lost.add(relabel(target.rowsAtRisk(table, Optional.of(name)), "column " + column));
      }
    }
    for (String table : tablesLost) {
      lost.add(relabel(target.rowsAtRisk(table, Optional.empty()), "table " + table));
    }
    return lost;
  }

  private static DataAtRisk relabel(DataAtRisk counted, String object) {
    return new DataAtRisk(object, counted.rows(), counted.estimated());
  }

  /** The session's lock_wait_timeout as the review reports it: {@code 0} when as good as none. */
  private String lockWaitTimeout() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT @@SESSION.lock_wait_timeout")) {
      rs.next();
      long seconds = (long) rs.getDouble(1);
      return seconds >= UNBOUNDED_SECONDS ? "0" : seconds + "s";
    }
  }

  private static String firstLine(String sql) {
    String line = sql.strip().lines().findFirst().orElse("");
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
