package dev.strata.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the schema suite's databases from a {@link LargeSchema}, and counts what a database holds
 * so a generated or reused one is checked against the schema before anything is timed.
 */
final class SchemaSource {

  /** Written as the database comment; marks a database this class generated, and from what. */
  static final String MARKER = "strata bench schema source";

  private static final Pattern DESCRIPTION =
      Pattern.compile(Pattern.quote(MARKER) + ": (\\d+) tables, seed (-?\\d+), order (\\w+)");

  /** How a database was made: the generator's parameters, kept in the database comment. */
  record Origin(int tables, long seed, LargeSchema.Order order) {
    String comment() {
      return String.format(
          Locale.ROOT,
          "%s: %d tables, seed %d, order %s",
          MARKER,
          tables,
          seed,
          order.name().toLowerCase(Locale.ROOT));
    }

    /** The origin written by {@link #comment()}, or null for any other comment. */
    static Origin parse(String comment) {
      Matcher m = comment == null ? null : DESCRIPTION.matcher(comment);
      if (m == null || !m.find()) {
        return null;
      }
      return new Origin(
          Integer.parseInt(m.group(1)),
          Long.parseLong(m.group(2)),
          LargeSchema.Order.valueOf(m.group(3).toUpperCase(Locale.ROOT)));
    }
  }

  private SchemaSource() {}

  /**
   * Creates {@code database} from template0 and builds {@code schema} in it, {@link
   * LargeSchema#STATEMENTS_PER_TRANSACTION} statements per transaction, each sent as one string
   * (one round trip). Returns the seconds it took.
   */
  static double generate(
      AdminDb admin, PgServer server, String database, LargeSchema schema, LargeSchema.Order order)
      throws SQLException {
    long start = System.nanoTime();
    admin.createFromTemplate0(database);
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(database));
        Statement st = c.createStatement()) {
      // nothing here needs to survive a crash before the final commit of the comment
      st.execute("SET synchronous_commit = off");
      c.setAutoCommit(false);
      for (List<String> batch : LargeSchema.transactions(schema.statements(order))) {
        st.execute(String.join(";\n", batch));
        c.commit();
      }
      c.setAutoCommit(true);
      st.execute("SET synchronous_commit = on");
      // the CREATEs leave dead catalog rows and stale catalog statistics behind; without this,
      // autovacuum would clean up during the timed runs
      st.execute("VACUUM ANALYZE");
    }
    admin.setComment(database, new Origin(schema.tableCount(), schema.seed(), order).comment());
    return (System.nanoTime() - start) / 1e9;
  }

  /** What the database's {@code public} schema holds, counted as {@link LargeSchema#counts()}. */
  static LargeSchema.Counts count(PgServer server, String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(database));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                """
                SELECT
                  (SELECT count(*) FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')),
                  (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                      AND a.attnum > 0 AND NOT a.attisdropped),
                  (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')),
                  (SELECT count(*) FROM pg_constraint
                    WHERE connamespace = 'public'::regnamespace AND contype = 'p'),
                  (SELECT count(*) FROM pg_constraint
                    WHERE connamespace = 'public'::regnamespace AND contype = 'f')
                """)) {
      rs.next();
      return new LargeSchema.Counts(
          rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5));
    }
  }
}
