package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Databases shaped like production ones: tables made by hand, a server of another version than the
 * embedded one, files from Windows editors, scripts with their own transactions. The default deploy
 * (with its review on a shadow database) must take what psql takes, and status must tell the truth
 * about drift.
 */
class LiveDatabaseTest {
  @TempDir Path work;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void theReviewStartsFromTheLiveSchemaNotFromAReplay(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE accounts (id int PRIMARY KEY);\n");
    m.add(
        "20240102000000_legacy",
        "SET lock_timeout = '5s';\nALTER TABLE legacy_orders ADD COLUMN note text;\n");
    try (TestDatabase db = server.createDatabase()) {
      // Made by hand long ago: no migration creates it.
      db.execute("CREATE TABLE legacy_orders (id int PRIMARY KEY, total numeric)");
      db.execute("INSERT INTO legacy_orders VALUES (1, 9.5)");
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.all()).doesNotContain("shadow-failure").doesNotContain("does not exist");
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
          .isEqualTo("1");
    }
  }

  /**
   * The shadow has the target's tables, not their rows: a backfill that needs the target's rows
   * fails there on a NOT NULL. That says nothing of the target, so the deploy goes on with a
   * warning; the same error on a table the batch itself creates is a real failure.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aDataErrorOnRowsOnlyTheTargetHoldsIsNotAVerdict(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE notes (id int PRIMARY KEY);\n");
    try (TestDatabase db = server.createDatabase()) {
      var init = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(init.exitCode()).as(init.all()).isZero();
      db.execute("INSERT INTO notes SELECT generate_series(1, 10)");
      m.add(
          "20240102000000_backfill",
          """
          CREATE TABLE pinned (note_id int NOT NULL);
          INSERT INTO pinned SELECT (SELECT id FROM notes ORDER BY id OFFSET 5 LIMIT 1);
          """);
      var deploy =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "full");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.all())
          .contains("shadow-incomplete")
          .contains("not-null constraint")
          .doesNotContain("shadow-failure");
      assertThat(db.single("SELECT note_id FROM pinned")).isEqualTo("6");

      m.add(
          "20240103000000_broken",
          """
          CREATE TABLE fresh (id int NOT NULL);
          INSERT INTO fresh VALUES (NULL);
          """);
      var broken =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "full");
      assertThat(broken.exitCode()).as(broken.all()).isNotZero();
      assertThat(broken.all()).contains("shadow-failure");
      assertThat(db.single("SELECT to_regclass('fresh') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aScriptsOwnTransactionIsKeptOnTheShadow(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_staged",
        """
        BEGIN;
        SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
        CREATE TEMP TABLE staging (id int) ON COMMIT DROP;
        INSERT INTO staging VALUES (1), (2);
        CREATE TABLE imported AS SELECT id FROM staging;
        COMMIT;
        """);
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.single("SELECT count(*) FROM imported")).isEqualTo("2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aByteOrderMarkIsLeftOutAndTheChecksumKeepsTheFilesBytes(TestServer server) throws Exception {
    Path dir = work.resolve("migrations");
    for (String[] file :
        new String[][] {
          {"20240101000000_bom", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n"},
          {"20240102000000_bom_stepwise", "CREATE INDEX CONCURRENTLY a_id ON a (id);\r\n"}
        }) {
      Path script = dir.resolve(file[0]).resolve("migration.sql");
      Files.createDirectories(script.getParent());
      byte[] text = file[1].getBytes(StandardCharsets.UTF_8);
      byte[] withBom = new byte[text.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(text, 0, withBom, 3, text.length);
      Files.write(script, withBom);
    }
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.single("SELECT count(*) FROM pg_indexes WHERE indexname = 'a_id'"))
          .isEqualTo("1");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString());
      assertThat(status.exitCode()).as(status.all()).isZero();
      // The checksum is over the file's bytes, byte-order mark included, as Prisma's is.
      var sha =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(dir.resolve("20240101000000_bom/migration.sql")));
      assertThat(
              db.single(
                  "SELECT checksum FROM _strata_migrations WHERE migration_name = '20240101000000_bom'"))
          .isEqualTo(java.util.HexFormat.of().formatHex(sha));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void whatDevWritesTheDefaultDeployAccepts(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE items (id bigint PRIMARY KEY, name text);\n");
    Files.writeString(
        work.resolve("schema.sql"),
        """
        CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10,2) DEFAULT 0);
        CREATE INDEX items_name ON items (name);
        """);
    try (TestDatabase db = server.createDatabase()) {
      var init = Cli.run(work, "deploy", "--url", db.url());
      assertThat(init.exitCode()).as(init.all()).isZero();
      db.execute("INSERT INTO items VALUES (1, 'one')");
      var dev = Cli.run(work, "dev", "--url", db.url(), "--name", "add price", "--create-only");
      assertThat(dev.exitCode()).as(dev.all()).isZero();
      var deploy = Cli.run(work, "deploy", "--url", db.url());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.all()).doesNotContain("lock-timeout-missing");
    }
  }

  /**
   * Once a status found the live schema to be the one the migrations build, the next one answers
   * from a stamp of the catalog without reading the schema: VACUUM and ANALYZE leave the stamp as
   * it is, any change by hand does not.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aRememberedCatalogStillSeesAChangeMadeByHand(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_init", "CREATE TABLE t (a int PRIMARY KEY);\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      for (String between : new String[] {"SELECT 1", "SELECT 1", "VACUUM ANALYZE"}) {
        db.execute(between);
        var status = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("No drift");
      }
      db.execute("ALTER TABLE t ADD COLUMN hand_made int");
      var drifted = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(drifted.out()).as(drifted.all()).contains("hand_made").doesNotContain("No drift");
      db.execute("ALTER TABLE t DROP COLUMN hand_made");
      db.execute("COMMENT ON TABLE t IS 'by hand'");
      var commented = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(commented.out()).as(commented.all()).contains("by hand");
    }
  }

  /**
   * The drift check compares catalog text only between the same major version: on the target's own
   * server when its user may create databases; else on the embedded server when it runs the same
   * version; else it says why it did not check.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void driftIsOnlyComparedOnTheTargetsOwnMajorVersion(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_views",
        """
        CREATE TABLE t (a int, b text DEFAULT 'x'::text);
        CREATE VIEW v AS SELECT t.a, upper(t.b) AS b FROM t WHERE t.a > 0;
        CREATE INDEX t_expr ON t (lower(b));
        """);
    String role = "strata_nocreatedb_" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(status.exitCode()).as(status.all()).isZero();
      assertThat(status.out()).contains("No drift").doesNotContain("rifted");

      db.execute("CREATE ROLE " + role + " LOGIN NOCREATEDB");
      try {
        db.execute("GRANT ALL ON SCHEMA public TO " + role);
        db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        String url =
            "postgresql://" + role + "@" + server.host() + ":" + server.port() + "/" + db.name();
        // Without what the first status remembered, so the shadow server is needed.
        deleteTree(work.resolve(".strata/cache"));
        var limited = Cli.run(work, "status", "--url", url, "--dir", m.dir().toString());
        assertThat(limited.exitCode()).as(limited.all()).isZero();
        String targetMajor = db.single("SELECT current_setting('server_version_num')::int / 10000");
        if (embeddedMajor().equals(targetMajor)) {
          assertThat(limited.out()).contains("No drift");
        } else {
          assertThat(limited.out())
              .contains("drift not checked: the target runs PostgreSQL " + targetMajor)
              .contains("CREATEDB")
              .doesNotContain("rifted");
          // Once a same-version shadow has built the schema, its fingerprint answers.
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
          var remembered = Cli.run(work, "status", "--url", url, "--dir", m.dir().toString());
          assertThat(remembered.out()).contains("No drift");
        }
      } finally {
        db.execute("DROP OWNED BY " + role);
        db.execute("DROP ROLE " + role);
      }
    }
  }

  /**
   * An extension the target has and the shadow server lacks (old_snapshot ships with PostgreSQL 15
   * and is gone from 17): named, the rest still reviewed, the deploy not refused for it. Needs a
   * PostgreSQL 15 target (STRATA_TEST_PG_URL), with the embedded server as the shadow.
   */
  @org.junit.jupiter.api.Test
  void anExtensionTheShadowLacksIsNamedAndDoesNotRefuseTheDeploy() throws Exception {
    var external = TestServers.external();
    org.junit.jupiter.api.Assumptions.assumeTrue(external.isPresent(), "no STRATA_TEST_PG_URL");
    Map<String, String> env = Map.of("STRATA_SHADOW_URL", TestServers.embedded().url("postgres"));
    try (TestDatabase db = external.get().createDatabase()) {
      org.junit.jupiter.api.Assumptions.assumeTrue(
          db.single("SELECT count(*) FROM pg_available_extensions WHERE name = 'old_snapshot'")
              .equals("1"),
          "the target server has no old_snapshot");
      Migrations m = new Migrations(work.resolve("migrations"));
      m.add(
          "20240101000000_ext",
          "-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS old_snapshot;\nCREATE TABLE t (id int);\n");
      var deploy =
          Cli.runWithEnv(
              work,
              env,
              "deploy",
              "--url",
              db.url(),
              "--dir",
              m.dir().toString(),
              "--review",
              "full");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.all())
          .contains("shadow-incomplete")
          .contains("extension old_snapshot is not installed on the shadow server")
          .doesNotContain("shadow-failure");

      // Now the live schema holds it: the shadow cannot be built, the review says why.
      m.add("20240102000000_more", "CREATE TABLE u (id int);\n");
      var next =
          Cli.runWithEnv(
              work,
              env,
              "deploy",
              "--url",
              db.url(),
              "--dir",
              m.dir().toString(),
              "--review",
              "full");
      assertThat(next.exitCode()).as(next.all()).isZero();
      assertThat(next.all()).contains("extension old_snapshot is not installed on the server");
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return;
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** The major version of the embedded server, which is Strata's default shadow server too. */
  private static String embeddedMajor() throws Exception {
    try (var c = TestServers.embedded().connect("postgres");
        var rs =
            c.createStatement()
                .executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
