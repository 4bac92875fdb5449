package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review on MySQL/MariaDB through the CLI, on the bundled example deployed and holding rows
 * ({@code STRATA_TEST_MYSQL_URL}; skipped without it): the algorithm the server needs for each
 * change to a table in use is observed on a shadow database, data removed is counted on the target,
 * and the text rules read what the shadow cannot show.
 */
class MysqlReviewTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  @TempDir Path work;
  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void aCopyIsAnErrorAnInstantChangeIsNothingAndDroppedDataIsCounted() throws Exception {
    Path migrations = Migrations.copyExample("shop-mysql", work.resolve("migrations"));
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String dir = migrations.toString();
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir).exitCode()).isZero();
      db.execute(
          "INSERT INTO customers (email, name, phone) VALUES ('a@example.com', 'A', '555'),"
              + " ('b@example.com', 'B', NULL)");
      write(
          migrations,
          "20250101000000_instant",
          """
          SET SESSION lock_wait_timeout = 5;
          ALTER TABLE customers ADD COLUMN IF NOT EXISTS nickname VARCHAR(40);
          """);
      write(
          migrations,
          "20250102000000_copy_and_drop",
          """
          ALTER TABLE customers MODIFY name VARCHAR(120) CHARACTER SET latin1 NOT NULL;
          ALTER TABLE customers DROP COLUMN phone;
          CREATE TABLE notes (id INT PRIMARY KEY);
          ALTER TABLE notes MODIFY id BIGINT;
          """);

      Cli.Result review = Cli.run(work, "review", "--url", db.url(), "--dir", dir, "--json");
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      String json = review.out();
      String instant = section(json, "20250101000000_instant", "20250102000000_copy_and_drop");
      String copy = section(json, "20250102000000_copy_and_drop", null);
      assertThat(instant)
          .as("ADD COLUMN is INSTANT, and the wait for its lock is bounded")
          .doesNotContain("table-rewrite")
          .doesNotContain("blocks-writes")
          .doesNotContain("lock-timeout-missing")
          .doesNotContain("not-idempotent")
          .contains("\"observed\"");
      assertThat(copy)
          .contains("\"code\" : \"table-rewrite\"")
          .contains("ALGORITHM=COPY, LOCK=SHARED")
          .contains("\"code\" : \"lock-timeout-missing\"")
          .contains("\"code\" : \"drop-column\"")
          .contains("\"code\" : \"data-loss\"")
          .contains("column customers.phone (1 row)");
      assertThat(copy)
          .as("a table the migration creates is not in use: changing it is no hazard")
          .doesNotContain("table notes");

      Cli.Result refused = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir);
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(6);
      assertThat(
              db.single(
                  "SELECT COUNT(*) FROM information_schema.COLUMNS"
                      + " WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'nickname'"))
          .as("the review stops the deploy before anything runs")
          .isEqualTo("0");
      assertThat(shadowDatabases(db)).as("shadow databases are dropped").isEmpty();
    }
  }

  @Test
  void aMigrationThatFailsOnTheShadowIsReportedWithItsLine() throws Exception {
    Path migrations = Migrations.copyExample("shop-mysql", work.resolve("migrations"));
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String dir = migrations.toString();
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir).exitCode()).isZero();
      write(
          migrations,
          "20250101000000_bad",
          """
          SET SESSION lock_wait_timeout = 5;
          ALTER TABLE customers ADD COLUMN IF NOT EXISTS nickname VARCHAR(40);
          ALTER TABLE customers MODIFY id BIGINT NOT NULL AUTO_INCREMENT;
          """);
      Cli.Result review = Cli.run(work, "review", "--url", db.url(), "--dir", dir);
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      assertThat(review.out())
          .contains("shadow-failure")
          .contains("migration.sql:3")
          .contains("orders_customer_id_fkey");
    }
  }

  @Test
  void aUserWhoCannotMakeAShadowDatabaseDeploysOnTheTextRules() throws Exception {
    Path migrations = Migrations.copyExample("shop-mysql", work.resolve("migrations"));
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String dir = migrations.toString();
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir).exitCode()).isZero();
      String user = "app_" + db.name().substring(Math.max(0, db.name().length() - 20));
      db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret-pw'");
      try {
        db.execute("GRANT ALL ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        // To read the example's procedure, which root owns, as the shadow's schema needs.
        db.execute("GRANT SELECT ON mysql.proc TO '" + user + "'@'%'");
        write(
            migrations,
            "20250101000000_nickname",
            "SET SESSION lock_wait_timeout = 5;\n"
                + "ALTER TABLE customers ADD COLUMN IF NOT EXISTS nickname VARCHAR(40);\n");
        Cli.Result deploy =
            Cli.run(
                work, "deploy", "--url", server.url(user, "secret-pw", db.name()), "--dir", dir);
        assertThat(deploy.exitCode()).as(deploy.all()).isZero();
        assertThat(deploy.all())
            .contains("nothing observed on a shadow database")
            .contains("GRANT ALL ON `strata\\_shadow\\_%`")
            .doesNotContain("secret-pw");
      } finally {
        db.execute("DROP USER '" + user + "'@'%'");
      }
    }
  }

  private static void write(Path migrations, String name, String sql) throws Exception {
    Path dir = Files.createDirectories(migrations.resolve(name));
    Files.writeString(dir.resolve("migration.sql"), sql);
  }

  /** The part of the JSON report from one migration's name to the next one's. */
  private static String section(String json, String from, String to) {
    int start = json.indexOf("\"name\" : \"" + from + "\"");
    assertThat(start).as(from + " in the report").isNotNegative();
    int end = to == null ? json.length() : json.indexOf("\"name\" : \"" + to + "\"");
    return end > start ? json.substring(start, end) : json.substring(start);
  }

  /**
   * Shadow databases nobody uses (their lock is free), but for the abandoned one that {@code
   * MysqlSchemaCommandsTest} makes on purpose: the test classes run in two JVMs at once against the
   * same server, and the other's shadows come and go meanwhile.
   */
  private List<String> shadowDatabases(MysqlTestServer.Db db) throws Exception {
    return db.column(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE"
            + " 'strata\\_shadow\\_%' AND SCHEMA_NAME <> 'strata_shadow_0123456789ab'"
            + " AND IS_USED_LOCK(CONCAT('strata:', SCHEMA_NAME)) IS NULL");
  }
}
