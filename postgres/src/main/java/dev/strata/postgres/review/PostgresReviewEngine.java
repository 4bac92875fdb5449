package dev.strata.postgres.review;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ReviewEngine;
import dev.strata.postgres.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** PostgreSQL's review: lexer-based rules on the text, and observation of a run on a shadow. */
public final class PostgresReviewEngine implements ReviewEngine {
  // A count that takes longer than this on a big table gives way to the planner's estimate.
  private static final String COUNT_TIMEOUT = "3s";

  private static final String TABLES =
      """
      SELECT n.nspname || '.' || c.relname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%'
         AND n.nspname NOT LIKE 'pg\\_temp%'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'e')
      """;

  private static final String TABLE =
      """
      SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.reltuples::bigint
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname || '.' || c.relname = ?
      """;

  private final Connection connection;
  private final ConnectionSpec spec;
  private final Optional<String> scope;

  public PostgresReviewEngine(Connection connection, ConnectionSpec spec) {
    this(connection, spec, Optional.empty());
  }

  /**
   * @param scope the schema the URL names, when the target is one schema of its database (a
   *     tenant's): its tables are those of that schema, the others' being other targets'
   */
  public PostgresReviewEngine(Connection connection, ConnectionSpec spec, Optional<String> scope) {
    this.connection = connection;
    this.spec = spec;
    this.scope = scope;
  }

  @Override
  public List<Finding> findings(
      String migration, String file, dev.strata.core.review.Observation observation) {
    return ObservedFindings.of(migration, file, observation);
  }

  @Override
  public List<Finding> lint(ScriptPlan plan, Set<String> existingTables) {
    return StaticRules.check(plan, existingTables);
  }

  @Override
  public Set<String> tables(HistoryTable historyTable) {
    Set<String> tables = allTables();
    tables.removeAll(historyTables(tables, historyTable));
    return tables;
  }

  private Set<String> allTables() {
    Set<String> tables = new HashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        String table = rs.getString(1);
        if (scope.isEmpty() || table.startsWith(scope.get() + ".")) tables.add(table);
      }
    } catch (SQLException e) {
      throw failed("list the tables of " + spec.database(), e);
    }
    return tables;
  }

  /** The history table among {@code tables}: in its schema, or by name when none is given. */
  private static Set<String> historyTables(Set<String> tables, HistoryTable historyTable) {
    Set<String> history = new HashSet<>();
    for (String table : tables) {
      for (String name : historyTable.tableNames()) {
        boolean match =
            historyTable.schema().isPresent()
                ? table.equals(historyTable.schema().get() + "." + name)
                : table.endsWith("." + name);
        if (match) history.add(table);
      }
    }
    return history;
  }

  @Override
  public Observation observe(
      ScriptPlan plan,
      Set<String> inUse,
      ReviewEngine target,
      Optional<Duration> lockTimeout,
      boolean sampled) {
    try {
      return new Observer(connection, spec, inUse, target, sampled).observe(plan, lockTimeout);
    } catch (SQLException e) {
      throw failed("observe " + plan.migration().name() + " on the shadow database", e);
    }
  }

  /**
   * Looks for each table's name as a word anywhere in the script, strings and function bodies
   * included (dynamic SQL names tables in strings): a word as written ({@code "Orders"}) and folded
   * to lower case (unquoted {@code Orders} is {@code orders}). One pass over the text.
   */
  @Override
  public boolean mayTouch(ScriptPlan plan, Set<String> tables) {
    return namesAny(plan.script(), tables);
  }

  /** Whether a word of {@code text} is the name of one of {@code tables} (see mayTouch). */
  static boolean namesAny(CharSequence text, Set<String> tables) {
    Set<String> names = new java.util.HashSet<>();
    for (String table : tables) names.add(table.substring(table.indexOf('.') + 1));
    var words = WORD.matcher(text);
    while (words.find()) {
      String word = words.group();
      if (names.contains(word) || names.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern WORD =
      java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  @Override
  public Optional<String> apply(ScriptPlan plan) {
    try {
      connection.setAutoCommit(plan.transactional() ? false : true);
      try (Statement st = connection.createStatement()) {
        for (var step : plan.steps()) st.execute(plan.text(step));
      }
      if (plan.transactional()) connection.commit();
      return Optional.empty();
    } catch (SQLException e) {
      try {
        if (!connection.getAutoCommit()) connection.rollback();
        else if (!connection.isClosed()) {
          try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK"); // a script's own transaction left open by the failure
          }
        }
      } catch (SQLException ignored) {
        // The error below says what failed.
      }
      return Optional.of(e.getMessage().strip());
    } finally {
      try {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
          st.execute("RESET ALL");
        }
      } catch (SQLException ignored) {
        // The connection is gone; the next use says so.
      }
    }
  }

  /** Whether the connected server has the extension's files, so CREATE EXTENSION can work. */
  boolean extensionAvailable(String name) {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT 1 FROM pg_available_extensions WHERE name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public DataAtRisk rowsAtRisk(String table, Optional<String> column) {
    String quoted;
    long estimate;
    try (PreparedStatement st = connection.prepareStatement(TABLE)) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        // Not in the target (created by a migration not applied yet): nothing there to lose.
        if (!rs.next()) return new DataAtRisk(table, 0, false);
        quoted = rs.getString(1);
        estimate = rs.getLong(2);
      }
    } catch (SQLException e) {
      throw failed("look up " + table, e);
    }
    String sql =
        "SELECT count(*) FROM "
            + quoted
            + column
                .map(c -> " WHERE " + dev.strata.postgres.Sql.identifier(c) + " IS NOT NULL")
                .orElse("");
    boolean autoCommit = true;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute("SET LOCAL statement_timeout = '" + COUNT_TIMEOUT + "'");
        try (ResultSet rs = st.executeQuery(sql)) {
          rs.next();
          return new DataAtRisk(table, rs.getLong(1), false);
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      // Too big to count in time: the planner's estimate (-1 when never analyzed: unknown).
      return new DataAtRisk(table, Math.max(-1, estimate), estimate >= 0);
    }
  }

  @Override
  public void copySample(Database source, int rows, HistoryTable historyTable) {
    if (!(source.reviews() instanceof PostgresReviewEngine from)) {
      throw new StrataException(
          ExitCode.USAGE, "--with-data copies rows between PostgreSQL databases only.");
    }
    try {
      SampleCopier.copy(
          from.connection, connection, rows, historyTables(from.allTables(), historyTable));
    } catch (SQLException e) {
      throw failed("copy a sample of rows into the shadow database", e);
    }
  }

  private StrataException failed(String what, SQLException e) {
    return new StrataException(
        ExitCode.FAILED, "Cannot " + what + ": " + e.getMessage().strip(), e);
  }
}
