package dev.strata.mysql.review;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ReviewEngine;
import dev.strata.core.sql.SqlStatement;
import dev.strata.mysql.MysqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The review on MySQL and MariaDB: rules on the text, and each change to a table in use observed on
 * a shadow database for the algorithm and lock the server needs for it.
 */
public final class MysqlReviewEngine implements ReviewEngine {
  /** A count that takes longer than this gives way to information_schema's estimate. */
  private static final int COUNT_SECONDS = 3;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_$]+");

  private final Connection connection;
  private final String database;
  private final boolean mariadb;

  public MysqlReviewEngine(Connection connection, String database, boolean mariadb) {
    this.connection = connection;
    this.database = database;
    this.mariadb = mariadb;
  }

  @Override
  public List<Finding> lint(ScriptPlan plan, Set<String> existingTables) {
    return TextRules.check(plan, existingTables);
  }

  @Override
  public List<Finding> findings(String migration, String file, Observation observation) {
    return ObservedFindings.of(migration, file, observation);
  }

  @Override
  public Set<String> tables(HistoryTable historyTable) {
    Set<String> tables = new HashSet<>();
    for (String name : baseTables()) {
      if (!historyTable.tableNames().contains(name)) tables.add(database + "." + name);
    }
    return tables;
  }

  private List<String> baseTables() {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        List<String> names = new java.util.ArrayList<>();
        while (rs.next()) names.add(rs.getString(1));
        return names;
      }
    } catch (SQLException e) {
      throw failed("list the tables of " + database, e);
    }
  }

  @Override
  public Observation observe(
      ScriptPlan plan,
      Set<String> inUse,
      ReviewEngine target,
      Optional<Duration> lockTimeout,
      boolean sampled) {
    Set<String> bare = new HashSet<>();
    for (String t : inUse) bare.add(TextRules.bareName(t));
    try {
      return new OnlineDdlObserver(connection, database, mariadb, bare, target)
          .observe(plan, lockTimeout);
    } catch (SQLException e) {
      throw failed("observe " + plan.migration().name() + " on the shadow database", e);
    }
  }

  /**
   * Looks for each table's name as a word anywhere in the script, strings and routine bodies
   * included (a prepared statement names its table in a string), in any case.
   */
  @Override
  public boolean mayTouch(ScriptPlan plan, Set<String> tables) {
    Set<String> names = new HashSet<>();
    for (String t : tables) names.add(TextRules.bareName(t));
    Matcher words = WORD.matcher(plan.script());
    while (words.find()) {
      if (names.contains(words.group().toLowerCase(Locale.ROOT))) return true;
    }
    return false;
  }

  @Override
  public Optional<String> apply(ScriptPlan plan) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      return Optional.of(MysqlErrors.message(e));
    }
    for (SqlStatement statement : plan.statements()) {
      try (Statement st = connection.createStatement()) {
        st.execute(statement.text());
      } catch (SQLException e) {
        return Optional.of("line " + statement.startLine() + ": " + MysqlErrors.message(e));
      }
    }
    return Optional.empty();
  }

  @Override
  public DataAtRisk rowsAtRisk(String table, Optional<String> column) {
    String bare = TextRules.bareName(table);
    Optional<String> name = tableNamed(bare);
    // Not in the target (created by a migration not applied yet): nothing there to lose.
    if (name.isEmpty()) return new DataAtRisk(table, 0, false);
    String count =
        "SELECT COUNT(*) FROM "
            + quote(database)
            + "."
            + quote(name.get())
            + column.map(c -> " WHERE " + quote(c) + " IS NOT NULL").orElse("");
    String bounded =
        mariadb
            ? "SET STATEMENT max_statement_time = " + COUNT_SECONDS + " FOR " + count
            : count.replaceFirst(
                "SELECT", "SELECT /*+ MAX_EXECUTION_TIME(" + COUNT_SECONDS * 1000 + ") */");
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(bounded)) {
      rs.next();
      return new DataAtRisk(table, rs.getLong(1), false);
    } catch (SQLException e) {
      return new DataAtRisk(table, estimatedRows(name.get()), true);
    }
  }

  /** The table's name as the catalog spells it, found in any case. */
  private Optional<String> tableNamed(String lowerCase) {
    return baseTables().stream()
        .filter(t -> t.toLowerCase(Locale.ROOT).equals(lowerCase))
        .findFirst();
  }

  private long estimatedRows(String table) {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      st.setString(1, database);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  @Override
  public void copySample(Database source, int rows, HistoryTable historyTable) {
    if (!(source.reviews() instanceof MysqlReviewEngine from)) {
      throw new StrataException(
          ExitCode.USAGE, "--with-data copies rows between MySQL or MariaDB databases only.");
    }
    List<String> tables =
        from.baseTables().stream().filter(t -> !historyTable.tableNames().contains(t)).toList();
    try {
      new SampleRows(from.connection, from.database, connection, database).copy(tables, rows);
    } catch (SQLException e) {
      throw failed("copy a sample of rows into the shadow database", e);
    }
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private StrataException failed(String what, SQLException e) {
    return new StrataException(
        ExitCode.FAILED, "Cannot " + what + ": " + MysqlErrors.message(e), e);
  }
}
