package dev.strata.postgres.review;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.postgres.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOperation;
import org.postgresql.copy.CopyOut;

/**
 * Loads a sample of the target's rows into the shadow database ({@code strata review --with-data
 * N}), so that the pending migrations are observed on real data.
 *
 * <p>The sample of a table is the first {@code rows} rows the source server returns for it (no
 * ORDER BY: a cheap scan that stops early), so it does not hold every row its rows reference; the
 * shadow session therefore runs with {@code session_replication_role = replica}, which switches off
 * foreign-key and ordinary user triggers. Rows travel in COPY text format, one row at a time from
 * the source's COPY OUT into the shadow's COPY IN: binary format would carry the OIDs of enum and
 * composite types inside arrays and records, which differ between the two databases.
 */
final class SampleCopier {
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private SampleCopier() {}

  /**
   * Copies up to {@code rows} rows of each table of the source into the same table of the shadow:
   * the ordinary and partitioned tables of the shadow's own schemas that the source has under the
   * same name, without extension members, partitions (their rows come through the partitioned root)
   * and {@code skipTables}, given as unquoted {@code schema.table}. Only columns the shadow table
   * can take (not generated) and the source table also has are copied. Afterwards the sequences
   * owned by copied columns (serial and identity) are moved past the copied values and the copied
   * tables are analyzed. The shadow tables are expected to be empty.
   */
  static void copy(Connection source, Connection shadow, int rows, Set<String> skipTables)
      throws SQLException {
    if (rows < 0) throw new IllegalArgumentException("rows must not be negative: " + rows);
    if (rows == 0) return;
    Map<String, Table> inSource = tables(source);
    List<Sample> samples = new ArrayList<>();
    for (Table into : tables(shadow).values()) {
      Table from = inSource.get(into.qualifiedName());
      if (into.partition() || into.extensionMember() || from == null) continue;
      if (skipTables.contains(into.qualifiedName())) continue;
      List<String> columns = into.insertable().stream().filter(from.columns()::contains).toList();
      if (!columns.isEmpty()) samples.add(new Sample(from, into, columns));
    }
    if (samples.isEmpty()) return;
    try (Setting replica = replicaRole(shadow);
        // sql_standard and iso_8601 interval output is read differently under another IntervalStyle
        Setting sourceIntervals = Setting.set(source, "IntervalStyle", "postgres");
        Setting shadowIntervals = Setting.set(shadow, "IntervalStyle", "postgres")) {
      for (Sample sample : samples) sample.copy(source, shadow, rows);
    }
    for (Sample sample : samples) advanceOwnedSequences(shadow, sample.into());
    List<String> names = samples.stream().map(s -> s.into().sql()).toList();
    execute(shadow, "ANALYZE " + String.join(", ", names));
  }

  /** A table as the catalog describes it; columns in attnum order. */
  private record Table(
      String schema,
      String name,
      long oid,
      boolean partitioned,
      boolean partition,
      boolean extensionMember,
      List<String> columns,
      List<String> insertable) {
    String qualifiedName() {
      return schema + "." + name;
    }

    String sql() {
      return Sql.identifier(schema) + "." + Sql.identifier(name);
    }
  }

  private record Sample(Table from, Table into, List<String> columns) {
    void copy(Connection source, Connection shadow, int rows) throws SQLException {
      String list = String.join(", ", columns.stream().map(Sql::identifier).toList());
      // A partitioned table's rows are in its partitions; an inheritance parent's children are
      // copied as tables of their own, so their rows are left out here.
      String table = (from.partitioned() ? "" : "ONLY ") + from.sql();
      String select = "COPY (SELECT " + list + " FROM " + table + " LIMIT " + rows + ") TO STDOUT";
      String insert = "COPY " + into.sql() + " (" + list + ") FROM STDIN";
      String running = select;
      CopyOut out = null;
      CopyIn in = null;
      try {
        out = copyApi(source).copyOut(select);
        running = insert;
        in = copyApi(shadow).copyIn(insert);
        while (true) {
          running = select;
          byte[] row = out.readFromCopy();
          if (row == null) break;
          running = insert;
          in.writeToCopy(row, 0, row.length);
        }
        running = insert;
        in.endCopy();
      } catch (SQLException e) {
        cancel(out, e);
        cancel(in, e);
        throw failed(running, e);
      }
    }
  }

  private static Map<String, Table> tables(Connection c) throws SQLException {
    // User schemas cannot be named pg_*: this leaves out pg_catalog, pg_toast and temporary
    // schemas.
    String sql =
        """
        SELECT n.nspname, c.relname, c.oid, c.relkind = 'p' AS partitioned, c.relispartition,
               EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                       WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         AND d.objid = c.oid AND d.deptype = 'e') AS extension_member,
               coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}') AS columns,
               coalesce(array_agg(a.attname::text ORDER BY a.attnum)
                          FILTER (WHERE a.attgenerated = ''), '{}') AS insertable
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attribute a
          ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p')
          AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
        GROUP BY n.nspname, c.relname, c.oid, c.relkind, c.relispartition
        ORDER BY n.nspname, c.relname
        """;
    Map<String, Table> tables = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        Table t =
            new Table(
                rs.getString("nspname"),
                rs.getString("relname"),
                rs.getLong("oid"),
                rs.getBoolean("partitioned"),
                rs.getBoolean("relispartition"),
                rs.getBoolean("extension_member"),
                strings(rs.getArray("columns")),
                strings(rs.getArray("insertable")));
        tables.put(t.qualifiedName(), t);
      }
    } catch (SQLException e) {
      throw failed("reading the tables to sample", e);
    }
    return tables;
  }

  /**
   * Moves each sequence owned by an integer column of {@code table} (serial, identity) past the
   * values copied into it, so that inserts of later migrations do not collide with them. A sequence
   * already further on, or a value outside the sequence's range, is left alone.
   */
  private static void advanceOwnedSequences(Connection shadow, Table table) throws SQLException {
    String owned =
        """
        SELECT d.objid AS sequence, a.attname::text AS column_name
        FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND d.deptype IN ('a', 'i') AND d.refobjid = ?
          AND a.atttypid IN ('int2'::pg_catalog.regtype, 'int4'::pg_catalog.regtype,
                             'int8'::pg_catalog.regtype)
        """;
    Map<Long, String> sequences = new LinkedHashMap<>();
    try (PreparedStatement ps = shadow.prepareStatement(owned)) {
      ps.setLong(1, table.oid());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) sequences.put(rs.getLong("sequence"), rs.getString("column_name"));
      }
    } catch (SQLException e) {
      throw failed("reading the sequences owned by " + table.sql(), e);
    }
    for (Map.Entry<Long, String> sequence : sequences.entrySet()) {
      String column = Sql.identifier(sequence.getValue());
      String setval =
          """
          SELECT pg_catalog.setval(s.seqrelid, x.v)
          FROM pg_catalog.pg_sequence s,
               LATERAL (SELECT CASE WHEN s.seqincrement > 0 THEN max(%1$s) ELSE min(%1$s) END::int8 AS v
                        FROM %2$s) x,
               LATERAL (SELECT pg_catalog.pg_sequence_last_value(s.seqrelid) AS last) l
          WHERE s.seqrelid = ? AND x.v BETWEEN s.seqmin AND s.seqmax
            AND (l.last IS NULL OR CASE WHEN s.seqincrement > 0 THEN x.v > l.last ELSE x.v < l.last END)
          """
              .formatted(column, table.sql());
      try (PreparedStatement ps = shadow.prepareStatement(setval)) {
        ps.setLong(1, sequence.getKey());
        ps.executeQuery().close();
      } catch (SQLException e) {
        throw failed(setval, e);
      }
    }
  }

  /**
   * Switches off foreign-key and user triggers, so that a sample without its referenced rows loads.
   */
  private static Setting replicaRole(Connection shadow) throws SQLException {
    try {
      return Setting.set(shadow, "session_replication_role", "replica");
    } catch (SQLException e) {
      if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) throw e;
      String user = shadow.getMetaData().getUserName();
      throw new StrataException(
          ExitCode.USAGE,
          "--with-data needs a shadow server where user `"
              + user
              + "` may SET session_replication_role = replica (to load rows without the rows they"
              + " reference): "
              + e.getMessage()
              + ". Use a shadow server where this user is a superuser, or on PostgreSQL 15 and"
              + " later run `GRANT SET ON PARAMETER session_replication_role TO "
              + Sql.identifier(user)
              + "` there.",
          e);
    }
  }

  /** A session setting changed for the copy and put back as it was when closed. */
  private record Setting(Connection connection, String name, String previous)
      implements AutoCloseable {
    static Setting set(Connection c, String name, String value) throws SQLException {
      String previous = current(c, name);
      assign(c, name, value);
      return new Setting(c, name, previous);
    }

    static String current(Connection c, String name) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.current_setting(?)")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    }

    private static void assign(Connection c, String name, String value) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.set_config(?, ?, false)")) {
        ps.setString(1, name);
        ps.setString(2, value);
        ps.executeQuery().close();
      }
    }

    @Override
    public void close() throws SQLException {
      assign(connection, name, previous);
    }
  }

  private static CopyManager copyApi(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  /** Ends a copy still running after {@code failure}, so that its connection stays usable. */
  private static void cancel(CopyOperation copy, SQLException failure) {
    if (copy == null || !copy.isActive()) return;
    try {
      copy.cancelCopy();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private static SQLException failed(String what, SQLException e) {
    return new SQLException(
        "copying the data sample failed: " + e.getMessage() + "\nin: " + what, e.getSQLState(), e);
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }
}
