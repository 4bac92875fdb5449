package dev.strata.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.source.MigrationSource;
import dev.strata.mysql.review.MysqlReviewEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL review's rules on a migration's text, with the target holding {@code customers}. */
class MysqlTextRulesTest {
  private static final String BOUNDED = "SET SESSION lock_wait_timeout = 5;\n";
  private static final AtomicInteger FOLDERS = new AtomicInteger();

  @TempDir Path dir;

  @Test
  void dropsRenamesAndTruncateOfATableInUseAreErrors() throws Exception {
    List<Finding> findings =
        check(
            BOUNDED
                + "ALTER TABLE `shop`.customers DROP COLUMN phone, DROP INDEX x, RENAME COLUMN a TO b;\n"
                + "ALTER TABLE Customers CHANGE name full_name VARCHAR(10), CHANGE c c INT;\n"
                + "TRUNCATE TABLE customers;\n"
                + "RENAME TABLE customers TO clients, other TO others;\n"
                + "DROP TABLE IF EXISTS customers, other;\n");
    assertThat(findings)
        .filteredOn(f -> f.level() == Level.ERROR)
        .extracting(Finding::code, Finding::line)
        .containsExactly(
            tuple("drop-column", 2),
            tuple("rename-column", 2),
            tuple("rename-column", 3),
            tuple("truncate", 4),
            tuple("rename-table", 5),
            tuple("rename-table", 5),
            tuple("drop-table", 6),
            tuple("drop-table", 6));
    assertThat(findings).extracting(Finding::code).doesNotContain("lock-timeout-missing");
  }

  @Test
  void aTableTheMigrationCreatesIsNotInUse() throws Exception {
    List<Finding> findings =
        check(
            "CREATE TABLE IF NOT EXISTS notes (id INT);\n"
                + "ALTER TABLE notes DROP COLUMN id;\n"
                + "DROP TABLE notes;\n");
    assertThat(findings)
        .extracting(Finding::code)
        .doesNotContain("drop-column", "drop-table", "lock-timeout-missing");
  }

  @Test
  void theFirstChangeToATableInUseWithoutABoundedLockWaitIsAWarning() throws Exception {
    List<Finding> findings =
        check(
            "CREATE TABLE IF NOT EXISTS notes (id INT);\n"
                + "SET SESSION lock_wait_timeout = 31536000;\n"
                + "CREATE INDEX IF NOT EXISTS customers_name ON customers (name);\n"
                + "ALTER TABLE customers ADD COLUMN IF NOT EXISTS x INT;\n");
    assertThat(findings)
        .filteredOn(f -> f.code().equals("lock-timeout-missing"))
        .extracting(Finding::line, Finding::summary)
        .containsExactly(
            tuple(
                3, "CREATE on existing table customers waits for its metadata lock with no limit"));
    assertThat(check("SET @@lock_wait_timeout := 10;\nALTER TABLE customers ADD x INT;\n"))
        .extracting(Finding::code)
        .doesNotContain("lock-timeout-missing");
  }

  @Test
  void statementsThatFailASecondRunAreNotIdempotent() throws Exception {
    List<Finding> findings =
        check(
            BOUNDED
                + "CREATE TABLE a (id INT);\n"
                + "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
                + "CREATE VIEW w AS SELECT 1;\n"
                + "DROP INDEX i ON customers;\n"
                + "ALTER TABLE customers ADD COLUMN IF NOT EXISTS y INT, ADD z INT;\n"
                + "ALTER TABLE customers ADD CONSTRAINT c CHECK (y > 0);\n");
    assertThat(findings)
        .filteredOn(f -> f.code().equals("not-idempotent"))
        .extracting(Finding::line, Finding::summary)
        .containsExactly(
            tuple(2, "CREATE TABLE without IF NOT EXISTS"),
            tuple(4, "CREATE VIEW without OR REPLACE"),
            tuple(5, "DROP INDEX without IF EXISTS"),
            tuple(6, "ALTER TABLE customers ADD without IF NOT EXISTS"));
  }

  @Test
  void aMigrationWithoutDownSqlHasNoWayBack() throws Exception {
    assertThat(check(BOUNDED))
        .extracting(Finding::code, Finding::level)
        .containsExactly(tuple("no-down-migration", Level.INFO));
  }

  private List<Finding> check(String sql) throws Exception {
    Path folder = dir.resolve("m" + FOLDERS.incrementAndGet());
    Path migration = Files.createDirectories(folder.resolve("20240101000000_reviewed"));
    Files.writeString(migration.resolve("migration.sql"), sql);
    var plan =
        MysqlScripts.plan(MigrationSource.load(folder).migrations().get(0), new MysqlSplitter());
    // The text rules need no connection.
    return new MysqlReviewEngine(null, "shop", true)
        .lint(plan, Set.of("shop.customers", "shop.other"));
  }
}
