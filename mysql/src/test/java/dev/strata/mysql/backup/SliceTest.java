package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A table cut into key ranges is copied whole: every row in exactly one slice, whatever its keys
 * (the ends of BIGINT, unsigned, negative, sparse, one row, none), and a table without a one-column
 * integer key is one slice.
 */
class SliceTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  @Test
  void everyRowIsInExactlyOneSlice() throws Exception {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    try (MysqlTestServer.Db db = SERVER.get().createDatabase();
        Connection c = db.connect()) {
      db.execute("CREATE TABLE s_signed (id BIGINT PRIMARY KEY, v VARCHAR(10))");
      db.execute(
          "INSERT INTO s_signed VALUES (-9223372036854775808, 'min'), (-5, 'a'), (0, 'b'),"
              + " (1, 'c'), (2, 'd'), (3, 'e'), (100, 'f'), (9223372036854775807, 'max')");
      db.execute("INSERT INTO s_signed SELECT i, 'x' FROM (" + numbers(1000, 1100) + ") n");
      db.execute("CREATE TABLE s_unsigned (id BIGINT UNSIGNED PRIMARY KEY)");
      db.execute(
          "INSERT INTO s_unsigned VALUES (0), (1), (9223372036854775808), (18446744073709551615)");
      db.execute("CREATE TABLE s_tiny (id TINYINT PRIMARY KEY)");
      db.execute("INSERT INTO s_tiny SELECT i FROM (" + numbers(-128, 127) + ") n");
      db.execute("CREATE TABLE s_one (id INT PRIMARY KEY)");
      db.execute("INSERT INTO s_one VALUES (7)");
      db.execute("CREATE TABLE s_empty (id INT PRIMARY KEY)");
      db.execute("CREATE TABLE s_pair (a INT, b INT, PRIMARY KEY (a, b))");
      db.execute("INSERT INTO s_pair VALUES (1, 1), (1, 2), (2, 1)");
      db.execute("CREATE TABLE s_text (k VARCHAR(10) PRIMARY KEY)");
      db.execute("INSERT INTO s_text VALUES ('a'), ('b')");
      db.execute("CREATE TABLE s_none (v INT)");
      db.execute("INSERT INTO s_none VALUES (1), (1)");

      DumpSchema schema = DumpSchema.read(c, db.name(), List.of());
      // Slices of one byte: every table with a one-column integer key is cut as far as it goes.
      List<Slice> slices = Slice.plan(c, db.name(), schema.tables(), 4, 1);
      Map<String, List<Slice>> byTable =
          slices.stream().collect(Collectors.groupingBy(s -> s.table().name()));
      assertThat(byTable.get("s_signed")).hasSize(64);
      assertThat(byTable.get("s_unsigned")).hasSize(64);
      assertThat(byTable.get("s_tiny")).hasSize(64);
      for (String whole : List.of("s_one", "s_empty", "s_pair", "s_text", "s_none"))
        assertThat(byTable.get(whole))
            .as(whole)
            .singleElement()
            .extracting(Slice::where)
            .isEqualTo("");

      for (DumpSchema.Table table : schema.tables()) {
        String from = " FROM `" + table.name() + "`";
        List<String> all = db.column("SELECT *" + from + " ORDER BY 1");
        List<String> seen = new ArrayList<>();
        long copied = 0;
        for (Slice slice : byTable.get(table.name())) {
          seen.addAll(db.column("SELECT *" + from + slice.where()));
          copied += RowCopier.copy(c, db.name(), slice, (statement, rows) -> {});
        }
        assertThat(seen).as(table.name()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(copied).as(table.name()).isEqualTo(all.size());
      }
      // One connection: nothing is cut.
      assertThat(Slice.plan(c, db.name(), schema.tables(), 1, 1)).hasSize(schema.tables().size());
    }
  }

  /** The integers from {@code from} to {@code to}, as MySQL 8 and MariaDB both write it. */
  private static String numbers(int from, int to) {
    return "WITH RECURSIVE n (i) AS (SELECT "
        + from
        + " UNION ALL SELECT i + 1 FROM n WHERE i < "
        + to
        + ") SELECT i FROM n";
  }
}
