package dev.strata.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh database on a {@link TestServer}, dropped when closed. */
public final class TestDatabase implements AutoCloseable {
  private final TestServer server;
  private final String name;

  TestDatabase(TestServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public TestServer server() {
    return server;
  }

  /** {@code postgresql://user@host:port/name}, as a user would pass it to --url. */
  public String url() {
    return server.url(name);
  }

  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  public void execute(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
    }
  }

  /** Every row of a query, each as a list of strings. */
  public List<List<String>> query(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
    }
  }

  /** The first column of every row. */
  public List<String> column(String sql) {
    return query(sql).stream().map(r -> r.get(0)).toList();
  }

  public String single(String sql) {
    List<String> values = column(sql);
    if (values.size() != 1)
      throw new IllegalStateException("expected one row, got " + values.size() + ": " + sql);
    return values.get(0);
  }

  /**
   * The schema as text: tables and columns with types, defaults and nullability, constraints,
   * indexes (with validity), types and functions, sorted. Two databases with equal schemas give
   * equal text.
   */
  public String schemaFingerprint() {
    StringBuilder text = new StringBuilder();
    String[] queries = {
      "SELECT table_schema||'.'||table_name||'.'||column_name||' '||data_type||' '||is_nullable||' '||"
          + "coalesce(column_default,'') FROM information_schema.columns"
          + " WHERE table_schema NOT IN ('pg_catalog','information_schema') ORDER BY 1",
      "SELECT n.nspname||'.'||c.conname||' '||pg_get_constraintdef(c.oid) FROM pg_constraint c"
          + " JOIN pg_namespace n ON n.oid=c.connamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema')"
          + " ORDER BY 1",
      "SELECT schemaname||'.'||indexname||' '||indexdef||' valid='||i.indisvalid FROM pg_indexes x"
          + " JOIN pg_class c ON c.relname=x.indexname JOIN pg_namespace n ON n.oid=c.relnamespace AND n.nspname=x.schemaname"
          + " JOIN pg_index i ON i.indexrelid=c.oid WHERE schemaname NOT IN ('pg_catalog','information_schema') ORDER BY 1",
      "SELECT n.nspname||'.'||t.typname||' '||coalesce(string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder),'')"
          + " FROM pg_type t JOIN pg_namespace n ON n.oid=t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid=t.oid"
          + " WHERE n.nspname NOT IN ('pg_catalog','information_schema','pg_toast') AND t.typtype IN ('e','d','c')"
          + " AND NOT EXISTS (SELECT 1 FROM pg_class r WHERE r.reltype = t.oid) GROUP BY n.nspname, t.typname ORDER BY 1",
      "SELECT n.nspname||'.'||p.proname||'('||pg_get_function_identity_arguments(p.oid)||')' FROM pg_proc p"
          + " JOIN pg_namespace n ON n.oid=p.pronamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema')"
          + " ORDER BY 1",
      "SELECT event_object_table||'.'||trigger_name||' '||event_manipulation FROM information_schema.triggers ORDER BY 1",
      "SELECT schemaname||'.'||viewname FROM pg_views WHERE schemaname NOT IN ('pg_catalog','information_schema') ORDER BY 1",
    };
    for (String q : queries) {
      for (String line : column(q)) text.append(line).append('\n');
      text.append("--\n");
    }
    return text.toString();
  }

  @Override
  public void close() {
    server.drop(name);
  }
}
