package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift in status, pull, diff and dev on MySQL/MariaDB, through the CLI on the bundled example
 * ({@code STRATA_TEST_MYSQL_URL}; skipped without it).
 */
class MysqlSchemaCommandsTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  @TempDir Path work;
  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void driftMadeByHandIsReportedAndNothingElse() throws Exception {
    Path migrations = Migrations.copyExample("shop-mysql", work.resolve("migrations"));
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String dir = migrations.toString();
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir).exitCode()).isZero();
      // As a status killed while it built its shadow database leaves it.
      db.execute("CREATE DATABASE strata_shadow_0123456789ab");
      Cli.Result clean = Cli.run(work, "status", "--url", db.url(), "--dir", dir);
      assertThat(clean.exitCode()).as(clean.all()).isZero();
      assertThat(clean.out()).contains("No drift");
      assertThat(shadowDatabases())
          .as("shadow databases, also abandoned ones, are dropped")
          .isEmpty();

      db.execute("CREATE TABLE scratch_notes (id INT)");
      db.execute("ALTER TABLE products ALTER COLUMN stock SET DEFAULT 7");
      db.execute("CREATE INDEX products_title ON products (title)");
      db.execute("DROP TRIGGER order_items_after_insert");
      Cli.Result drifted = Cli.run(work, "status", "--url", db.url(), "--dir", dir, "--json");
      assertThat(drifted.exitCode()).as(drifted.all()).isEqualTo(4);
      assertThat(drifted.out())
          .contains("\"drifted\" : true")
          .contains("scratch_notes")
          .contains("DEFAULT 7")
          .contains("products_title")
          .contains("order_items_after_insert");
      Cli.Result words = Cli.run(work, "status", "--url", db.url(), "--dir", dir);
      assertThat(words.out()).contains("Your database schema has drifted");
      assertThat(Cli.run(work, "status", "--url", db.url(), "--dir", dir, "--no-drift").exitCode())
          .isZero();
    }
  }

  @Test
  void pullRebuildsTheSchemaAndDiffFindsNothing() throws Exception {
    Path migrations = Migrations.copyExample("shop-mysql", work.resolve("migrations"));
    try (MysqlTestServer.Db a = server.createDatabase();
        MysqlTestServer.Db b = server.createDatabase();
        MysqlTestServer.Db c = server.createDatabase()) {
      Cli.run(work, "deploy", "--url", a.url(), "--dir", migrations.toString());
      Cli.Result pulled = Cli.run(work, "pull", "--url", a.url(), "--output", "schema.sql");
      assertThat(pulled.exitCode()).as(pulled.all()).isZero();
      String sql = Files.readString(work.resolve("schema.sql"));
      assertThat(sql)
          .contains("CREATE TABLE `orders`")
          .contains("CREATE TRIGGER `order_items_after_insert`")
          .contains("CREATE PROCEDURE `place_order`")
          .doesNotContain("_prisma_migrations")
          .doesNotContain("DEFINER")
          .doesNotContain(a.name());

      // The database's own client rebuilds it from the file, and so does Strata.
      String binary = new java.io.File("/usr/bin/mariadb").canExecute() ? "mariadb" : "mysql";
      var client =
          new ProcessBuilder("bash", "-c", binary + MysqlBackupTest.client(c) + " < schema.sql")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .start();
      String clientOut = new String(client.getInputStream().readAllBytes());
      assertThat(client.waitFor()).as(clientOut).isZero();
      Cli.Result viaClient = Cli.run(work, "diff", a.url(), c.url(), "--json");
      assertThat(viaClient.out()).as(viaClient.all()).contains("\"identical\" : true");

      Cli.Result fromFile = Cli.run(work, "diff", "schema.sql", a.url(), "--json");
      assertThat(fromFile.exitCode()).as(fromFile.all()).isZero();
      assertThat(fromFile.out()).contains("\"identical\" : true");

      Cli.Result toEmpty = Cli.run(work, "diff", a.url(), b.url());
      assertThat(toEmpty.out()).contains("DROP TABLE `orders`").contains("DESTRUCTIVE");
      Cli.Result fromEmpty = Cli.run(work, "diff", b.url(), a.url());
      assertThat(fromEmpty.out())
          .contains("CREATE TABLE `orders`")
          .contains("ADD CONSTRAINT `orders_customer_id_fkey`");
    }
  }

  @Test
  void devWritesAMigrationThatDeployAppliesAndDownReverses() throws Exception {
    try (MysqlTestServer.Db db = server.createDatabase()) {
      Path migrations = work.resolve("migrations");
      Files.createDirectories(migrations.resolve("20240101000000_init"));
      Files.writeString(
          migrations.resolve("20240101000000_init/migration.sql"),
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100), legacy TEXT);\n");
      Files.writeString(
          work.resolve("schema.sql"),
          """
          CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,
            price DECIMAL(10,2) DEFAULT 0, legacy TEXT);
          CREATE INDEX items_name ON items (name);
          """);
      Cli.Result dev = Cli.run(work, "dev", "--url", db.url(), "--name", "add price");
      assertThat(dev.exitCode()).as(dev.all()).isZero();
      assertThat(dev.out()).contains("Applied 2 migration(s)");
      try (Stream<Path> dirs = Files.list(migrations)) {
        List<String> names = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        assertThat(names).hasSize(2);
        String main = Files.readString(migrations.resolve(names.get(1)).resolve("migration.sql"));
        assertThat(main)
            .contains("SET SESSION lock_wait_timeout = 5")
            .contains("ADD COLUMN `price` decimal(10,2) DEFAULT 0.00 AFTER `name`")
            .contains("ADD KEY `items_name` (`name`)");
      }
      assertThat(
              db.single(
                  "SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA"
                      + " = DATABASE() AND TABLE_NAME = 'items' AND COLUMN_NAME = 'name'"))
          .isEqualTo("NO");
      assertThat(Cli.run(work, "status", "--url", db.url()).exitCode()).isZero();
      Cli.Result again = Cli.run(work, "dev", "--url", db.url(), "--name", "again");
      assertThat(again.out()).contains("Nothing to do");

      // Dropping a column can lose data: refused without --allow-data-loss.
      Files.writeString(
          work.resolve("schema.sql"),
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
              + " price DECIMAL(10,2) DEFAULT 0);\nCREATE INDEX items_name ON items (name);\n");
      Cli.Result refused = Cli.run(work, "dev", "--url", db.url(), "--name", "drop legacy");
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(6);
      assertThat(refused.err()).contains("drops column `legacy`");
    }
  }

  /**
   * Shadow databases nobody uses (their lock is free): the test classes run in two JVMs at once
   * against the same server, and the other's shadows, in use, come and go meanwhile.
   */
  private List<String> shadowDatabases() throws Exception {
    try (MysqlTestServer.Db any = server.createDatabase()) {
      return any.column(
          "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE"
              + " 'strata\\_shadow\\_%' AND IS_USED_LOCK(CONCAT('strata:', SCHEMA_NAME)) IS NULL");
    }
  }
}
