package dev.strata.postgres.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Restores a database from a {@link SchemaScript} the way a Strata backup file does: settings as
 * pg_dump's header has them, pre-data, rows copied table by table, setval, post-data with the index
 * builds first (as the backup writer reorders it), then ownership.
 */
final class Restore {
  private Restore() {}

  static void copy(ScratchDatabase source, SchemaScript script, ScratchDatabase target)
      throws SQLException, IOException {
    try (Connection from = source.connect();
        Connection to = target.connect();
        Statement st = to.createStatement()) {
      st.execute("SET check_function_bodies = false");
      st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
      run(st, script.preData());
      CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
      CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
      for (TableData t : script.tables()) {
        String copy = "COPY " + t.qualifiedName() + " (" + String.join(", ", t.copyColumns()) + ")";
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        out.copyOut(copy + " TO STDOUT", rows);
        in.copyIn(copy + " FROM STDIN", new ByteArrayInputStream(rows.toByteArray()));
      }
      for (SequenceValue v : script.sequences()) st.execute(v.setvalStatement());
      run(st, indexBuildsFirst(script.postData()));
      run(st, script.ownership());
    }
  }

  private static void run(Statement st, List<String> statements) throws SQLException {
    for (String s : statements) {
      try {
        st.execute(s);
      } catch (SQLException e) {
        throw new SQLException(e.getMessage() + "\nin: " + s, e.getSQLState(), e);
      }
    }
  }

  /** The backup writer's IndexFirst order: what builds an index, then the rest, each in order. */
  static List<String> indexBuildsFirst(List<String> postData) {
    List<String> indexes = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String s : postData) {
      String u = s.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
      boolean index =
          u.startsWith("CREATE INDEX")
              || u.startsWith("CREATE UNIQUE INDEX")
              || (u.startsWith("ALTER TABLE")
                  && (u.contains(" PRIMARY KEY")
                      || u.matches(".* ADD CONSTRAINT \\S+ (UNIQUE|EXCLUDE)\\b.*"))
                  && !u.contains(" FOREIGN KEY"));
      (index ? indexes : rest).add(s);
    }
    indexes.addAll(rest);
    return indexes;
  }
}
