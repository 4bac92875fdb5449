package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.source.Checksum;
import dev.strata.testkit.MysqlTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's deploy, status and resolve on MySQL/MariaDB ({@code STRATA_TEST_MYSQL_URL}; skipped
 * without it): states and exit codes, a failure half-way through a migration whose DDL stays
 * applied, resume, and Prisma's MySQL history continued.
 */
class MysqlDeployTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  @TempDir Path work;
  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void statesAndExitCodesThroughAFailureAndItsResume() throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_init",
        "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191) NOT NULL);\n"
            + "INSERT INTO users (email) VALUES ('a@example.com'), ('semi;colon');\n");
    try (MysqlTestServer.Db db = server.createDatabase()) {
      var pending = Cli.run(work, "status", "--url", db.url());
      assertThat(pending.exitCode()).as(pending.all()).isEqualTo(3);
      assertThat(pending.out()).contains("pending      20240101000000_init");

      var first = Cli.run(work, "deploy", "--url", db.url());
      assertThat(first.exitCode()).as(first.all()).isZero();
      assertThat(first.out()).contains("MariaDB").contains("Applied 1 migration");

      // Statement 3 fails: the ALTER before it has committed on its own and stays.
      m.add(
          "20240102000000_profile",
          "ALTER TABLE users ADD COLUMN name VARCHAR(100) NULL;\n"
              + "UPDATE users SET name = 'x';\n"
              + "UPDATE users SET no_such_column = 1;\n"
              + "CREATE INDEX users_name ON users (name);\n");
      // The review would catch the failure on its shadow database first: this is the executor's.
      var failed = Cli.run(work, "deploy", "--url", db.url(), "--review", "off");
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.err())
          .contains("migrations/20240102000000_profile/migration.sql:3")
          .contains("ERROR 1054")
          .contains("Statements 1-2 of 4 were applied")
          .contains("strata resolve --resume 20240102000000_profile");
      assertThat(db.single("SELECT count(*) FROM users WHERE name = 'x'")).isEqualTo("2");

      var status = Cli.run(work, "status", "--url", db.url());
      assertThat(status.exitCode()).as(status.all()).isEqualTo(4);
      assertThat(status.out()).contains("failed       20240102000000_profile");

      // The fix touches only the statement that failed; the applied ones are not run again.
      m.add(
          "20240102000000_profile",
          "ALTER TABLE users ADD COLUMN name VARCHAR(100) NULL;\n"
              + "UPDATE users SET name = 'x';\n"
              + "UPDATE users SET name = CONCAT(name, 'y');\n"
              + "CREATE INDEX users_name ON users (name);\n");
      var resolve =
          Cli.run(work, "resolve", "--resume", "20240102000000_profile", "--url", db.url());
      assertThat(resolve.exitCode()).as(resolve.all()).isZero();
      var resumed = Cli.run(work, "deploy", "--url", db.url());
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      // Replayed whole on a shadow made from the live schema, its applied ALTER would fail there.
      assertThat(resumed.all())
          .contains("not reviewed again, as they resume part-way: 20240102000000_profile");
      assertThat(db.column("SELECT DISTINCT name FROM users")).containsExactly("xy");
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                      + " AND INDEX_NAME = 'users_name'"))
          .isNotEqualTo("0");

      var upToDate = Cli.run(work, "status", "--url", db.url());
      assertThat(upToDate.exitCode()).as(upToDate.all()).isZero();
      assertThat(upToDate.out()).contains("Database schema is up to date");

      // Editing an applied migration is reported as such.
      m.add("20240101000000_init", "CREATE TABLE users (id INT);\n");
      var modified = Cli.run(work, "status", "--url", db.url());
      assertThat(modified.exitCode()).as(modified.all()).isEqualTo(4);
      assertThat(modified.out()).contains("modified");
    }
  }

  /** The README's MySQL commands on the bundled example, and the guide's rollback after them. */
  @Test
  void theExampleDeploysItsTriggerAndProcedureAndRollsBack() {
    String dir =
        Path.of("")
            .toAbsolutePath()
            .getParent()
            .resolve("examples/shop-mysql/migrations")
            .toString();
    try (MysqlTestServer.Db db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir);
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.out()).contains("Applied 5 migrations");
      db.execute("INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada')");
      db.execute("CALL place_order(1, 'TEE-01', 2)");
      assertThat(db.single("SELECT total_cents FROM orders")).isEqualTo("5000");
      assertThat(db.single("SELECT phone FROM customers")).isNull();

      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir);
      assertThat(status.exitCode()).as(status.all()).isZero();

      var rollback =
          Cli.run(
              work,
              "rollback",
              "20240320110000_add_customer_phone",
              "--url",
              db.url(),
              "--dir",
              dir);
      assertThat(rollback.exitCode()).as(rollback.all()).isZero();
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                      + " AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'phone'"))
          .isEqualTo("0");
      var pending = Cli.run(work, "status", "--url", db.url(), "--dir", dir);
      assertThat(pending.exitCode()).as(pending.all()).isEqualTo(3);
      assertThat(pending.out()).contains("rolled_back  20240320110000_add_customer_phone");
    }
  }

  @Test
  void atomicIsRefusedWithTheReason() {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE t (id INT);\n");
    try (MysqlTestServer.Db db = server.createDatabase()) {
      var atomic = Cli.run(work, "deploy", "--atomic", "--url", db.url());
      assertThat(atomic.exitCode()).as(atomic.all()).isNotZero();
      assertThat(atomic.err()).contains("CREATE TABLE commits implicitly");
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"))
          .isEqualTo("0");
    }
  }

  @Test
  void aMigrationOfDataOnlyIsOneTransaction() {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB;\n");
    m.add(
        "20240102000000_rows",
        "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nINSERT INTO t VALUES (1);\n");
    try (MysqlTestServer.Db db = server.createDatabase()) {
      var run = Cli.run(work, "deploy", "--url", db.url());
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.err()).contains("Duplicate entry").contains(":3");
      // Nothing of the failed migration stays: it ran in one transaction.
      assertThat(db.single("SELECT count(*) FROM t")).isEqualTo("0");
    }
  }

  @Test
  void prismasMysqlHistoryIsReadAndContinued() throws Exception {
    Path dir = work.resolve("prisma/migrations");
    Migrations m = new Migrations(dir);
    String first =
        "-- CreateTable\nCREATE TABLE `User` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n"
            + "    `email` VARCHAR(191) NOT NULL,\n\n    UNIQUE INDEX `User_email_key`(`email`),\n"
            + "    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n";
    m.add("20240101000000_init", first);
    m.add(
        "20240102000000_post",
        "-- CreateTable\nCREATE TABLE `Post` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n"
            + "    `authorId` INTEGER NOT NULL,\n    PRIMARY KEY (`id`)\n"
            + ") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n\n"
            + "-- AddForeignKey\nALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY"
            + " (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;\n");
    Files.writeString(dir.resolve("migration_lock.toml"), "provider = \"mysql\"\n");
    try (MysqlTestServer.Db db = server.createDatabase()) {
      // The table and the row exactly as Prisma's migration engine writes them on MySQL.
      db.execute(
          "CREATE TABLE `_prisma_migrations` (\n"
              + "    `id`                    VARCHAR(36) PRIMARY KEY NOT NULL,\n"
              + "    `checksum`              VARCHAR(64) NOT NULL,\n"
              + "    `finished_at`           DATETIME(3),\n"
              + "    `migration_name`        VARCHAR(255) NOT NULL,\n"
              + "    `logs`                  TEXT,\n"
              + "    `rolled_back_at`        DATETIME(3),\n"
              + "    `started_at`            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
              + "    `applied_steps_count`   INTEGER UNSIGNED NOT NULL DEFAULT 0\n"
              + ") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      db.execute(first);
      db.execute(
          "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name,"
              + " started_at, applied_steps_count) VALUES ('0e2d3c6e-7f7a-4f0e-9d55-6a1c2b3d4e5f', '"
              + Checksum.of(first.getBytes(StandardCharsets.UTF_8))
              + "', CURRENT_TIMESTAMP(3), '20240101000000_init', CURRENT_TIMESTAMP(3), 1)");

      var status = Cli.run(work, "status", "--url", db.url());
      assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
      assertThat(status.out())
          .contains("applied      20240101000000_init")
          .contains("pending      20240102000000_post")
          .contains("_prisma_migrations");

      var deploy = Cli.run(work, "deploy", "--url", db.url());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(
              db.column(
                  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL"
                      + " ORDER BY started_at"))
          .containsExactly("20240101000000_init", "20240102000000_post");
      assertThat(
              db.single(
                  "SELECT CONCAT(LENGTH(id), '/', LENGTH(checksum), '/', applied_steps_count)"
                      + " FROM _prisma_migrations WHERE migration_name = '20240102000000_post'"))
          .isEqualTo("36/64/2");
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                      + " AND TABLE_NAME = '_strata_migrations'"))
          .isEqualTo("0");
    }
  }

  @Test
  void connectionErrorsSayWhatToDo() {
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String missing = db.url().replace(db.name(), db.name() + "_missing");
      var noDatabase = Cli.run(work, "status", "--url", missing, "--dir", work.toString());
      assertThat(noDatabase.exitCode()).isEqualTo(2);
      assertThat(noDatabase.err()).contains("does not exist").contains("CREATE DATABASE");

      String wrong =
          db.url().replaceFirst("mysql://([^@:]+)(:[^@]*)?@", "mysql://$1:wrong-secret@");
      var badPassword = Cli.run(work, "status", "--url", wrong, "--dir", work.toString());
      assertThat(badPassword.exitCode()).isEqualTo(2);
      assertThat(badPassword.err())
          .contains("Authentication failed")
          .doesNotContain("wrong-secret");
    }
  }
}
