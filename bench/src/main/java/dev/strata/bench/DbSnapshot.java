package dev.strata.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a restore must reproduce, read from the source once and from every restored database: the
 * exact row count of every user table, and per table the number of indexes and constraints, plus
 * every sequence's value. A restore that skipped data, an index or a foreign key does not pass.
 * Nothing here is timed.
 */
record DbSnapshot(
    Map<String, Long> rows,
    Map<String, Integer> indexes,
    Map<String, Integer> constraints,
    Map<String, Long> sequences) {

  /** Sorted copies, so differences are listed in a stable order. */
  DbSnapshot {
    rows = new TreeMap<>(rows);
    indexes = new TreeMap<>(indexes);
    constraints = new TreeMap<>(constraints);
    sequences = new TreeMap<>(sequences);
  }

  private static final String USER_SCHEMAS =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
          + " AND n.nspname NOT LIKE 'pg\\_temp%'";

  static DbSnapshot take(Connection c) throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Integer> indexes = new TreeMap<>();
    Map<String, Integer> constraints = new TreeMap<>();
    Map<String, Long> sequences = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
                  + " (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid),"
                  + " (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid)"
                  + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE c.relkind IN ('r', 'p') AND "
                  + USER_SCHEMAS
                  + " ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
          indexes.put(rs.getString(1), rs.getInt(2));
          constraints.put(rs.getString(1), rs.getInt(3));
        }
      }
      for (String table : tables) {
        // names come from quote_ident above
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename),"
                  + " coalesce(last_value, 0) FROM pg_sequences"
                  + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
        while (rs.next()) {
          sequences.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return new DbSnapshot(rows, indexes, constraints, sequences);
  }

  long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  int totalIndexes() {
    return indexes.values().stream().mapToInt(Integer::intValue).sum();
  }

  int totalConstraints() {
    return constraints.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * How {@code restored} falls short of this (the source); empty when it reproduces every table,
   * row count, index, constraint and sequence value. Objects only the restored database has are not
   * differences: see {@link #extras}.
   */
  List<String> differences(DbSnapshot restored) {
    List<String> problems = new ArrayList<>();
    for (var e : rows.entrySet()) {
      String table = e.getKey();
      Long count = restored.rows().get(table);
      if (count == null) {
        problems.add("table " + table + " missing");
        continue;
      }
      if (!count.equals(e.getValue())) {
        problems.add(table + ": " + count + " rows, source has " + e.getValue());
      }
      int idx = restored.indexes().getOrDefault(table, 0);
      if (idx != indexes.getOrDefault(table, 0)) {
        problems.add(table + ": " + idx + " indexes, source has " + indexes.get(table));
      }
      int con = restored.constraints().getOrDefault(table, 0);
      if (con != constraints.getOrDefault(table, 0)) {
        problems.add(table + ": " + con + " constraints, source has " + constraints.get(table));
      }
    }
    for (var e : sequences.entrySet()) {
      Long value = restored.sequences().get(e.getKey());
      if (value == null) {
        problems.add("sequence " + e.getKey() + " missing");
      } else if (!value.equals(e.getValue())) {
        problems.add("sequence " + e.getKey() + " at " + value + ", source at " + e.getValue());
      }
    }
    return problems;
  }

  /** Tables and sequences the restored database has and the source has not. */
  List<String> extras(DbSnapshot restored) {
    List<String> extra = new ArrayList<>();
    restored.rows().keySet().stream()
        .filter(t -> !rows.containsKey(t))
        .forEach(t -> extra.add("table " + t));
    restored.sequences().keySet().stream()
        .filter(s -> !sequences.containsKey(s))
        .forEach(s -> extra.add("sequence " + s));
    return extra;
  }
}
