package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.source.FlywayChecksum;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Flyway project switches to Strata and back with no flag: the real Flyway (flyway-core) and
 * Strata take turns on the same database and each sees what the other applied.
 */
class FlywayHistoryTest {
  @TempDir Path work;

  private Path dir;

  private Path write(String file, String sql) throws IOException {
    if (dir == null) dir = Files.createDirectories(work.resolve("db/migration"));
    return Files.writeString(dir.resolve(file), sql);
  }

  private Flyway flyway(TestDatabase db) {
    return Flyway.configure()
        .dataSource(db.server().jdbcUrl(db.name()), db.server().user(), "")
        .locations("filesystem:" + dir)
        // Flyway's default lock is an open transaction, which CREATE INDEX CONCURRENTLY waits for
        // forever; Flyway's documented way out.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
        .load();
  }

  private static void assertAllSuccess(Flyway flyway, int count) {
    ValidateResult validation = flyway.validateWithResult();
    assertThat(validation.validationSuccessful)
        .as(String.valueOf(validation.invalidMigrations))
        .isTrue();
    MigrationInfo[] all = flyway.info().all();
    assertThat(all).hasSize(count);
    assertThat(Arrays.stream(all).map(MigrationInfo::getState))
        .as(Arrays.toString(all))
        .containsOnly(MigrationState.SUCCESS);
  }

  private void writeFirstThree() throws IOException {
    write("V1__create_users.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\r\n");
    // Flyway runs a migration of CONCURRENTLY alone outside a transaction; so does Strata.
    write("V2__index_email.sql", "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n");
    write("V3__add_name.sql", "ALTER TABLE users ADD COLUMN name text;\n");
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void strataContinuesWhatFlywayStartedAndFlywayValidatesIt(TestServer server) throws Exception {
    writeFirstThree();
    try (TestDatabase db = server.createDatabase()) {
      assertThat(flyway(db).migrate().migrationsExecuted).isEqualTo(3);

      write("V4__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint);\n");
      write(
          "R__user_emails.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;\n");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString());
      assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
      assertThat(status.out())
          .contains("applied      V1__create_users")
          .contains("applied      V2__index_email")
          .contains("pending      V4__orders")
          .contains("pending      R__user_emails")
          .contains("flyway_schema_history");

      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.out()).contains("Applied 2 migrations");
      assertAllSuccess(flyway(db), 5);
      // Flyway's row of a Strata migration is the row Flyway would have written.
      assertThat(
              db.single(
                  "SELECT version || '|' || description || '|' || type || '|' || script || '|'"
                      + " || checksum || '|' || success FROM flyway_schema_history"
                      + " WHERE version = '4'"))
          .isEqualTo(
              "4|orders|SQL|V4__orders.sql|"
                  + FlywayChecksum.of(Files.readAllBytes(dir.resolve("V4__orders.sql")))
                  + "|true");
      assertThat(flyway(db).migrate().migrationsExecuted).isZero();
      var after = Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString());
      assertThat(after.exitCode()).as(after.all()).isZero();
      assertThat(after.out()).contains("No drift");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void flywayContinuesWhatStrataStarted(TestServer server) throws Exception {
    writeFirstThree();
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      // A Flyway folder gets Flyway's table on a fresh database, Strata's bookkeeping beside it.
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history")).isEqualTo("3");
      assertAllSuccess(flyway(db), 3);

      write("V5__audit.sql", "CREATE TABLE audit (id bigserial PRIMARY KEY);\n");
      assertThat(flyway(db).migrate().migrationsExecuted).isEqualTo(1);
      assertAllSuccess(flyway(db), 4);

      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString());
      assertThat(status.exitCode()).as(status.all()).isZero();
      assertThat(status.out()).contains("applied      V5__audit").contains("No drift");
      var again = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history")).isEqualTo("4");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aChangedRepeatableMigrationIsAppliedAgainAsFlywayDoes(TestServer server) throws Exception {
    write("V1__create_users.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n");
    write("R__user_emails.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;\n");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString()).exitCode())
          .isZero();
      write(
          "R__user_emails.sql",
          "CREATE OR REPLACE VIEW user_emails AS SELECT email, id FROM users;\n");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString());
      assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
      assertThat(status.all()).contains("changed since it was last applied");
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(
              db.column(
                  "SELECT attname FROM pg_attribute WHERE attrelid = 'user_emails'::regclass AND attnum > 0 ORDER BY attnum"))
          .containsExactly("email", "id");
      // Two rows of the repeatable migration, as Flyway keeps them; Flyway sees nothing to do.
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history WHERE version IS NULL"))
          .isEqualTo("2");
      Flyway flyway = flyway(db);
      assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
      assertThat(flyway.migrate().migrationsExecuted).isZero();
      var after = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(after.out()).contains("No pending migrations");
    }
  }

  @Test
  void placeholdersAreReplacedOnlyWhenAskedAndNeverInTheChecksum() throws Exception {
    TestServer server = dev.strata.testkit.TestServers.all().get(0);
    write("V1__notes.sql", "CREATE TABLE notes (body text);\n");
    write(
        "V2__seed.sql",
        "INSERT INTO notes VALUES ('${who}');\n"
            + "DO $$ BEGIN RAISE NOTICE '${not_a_placeholder}'; END $$;\n");
    try (TestDatabase db = server.createDatabase();
        TestDatabase other = server.createDatabase()) {
      var plain = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(plain.exitCode()).as(plain.all()).isZero();
      assertThat(db.single("SELECT body FROM notes")).isEqualTo("${who}");

      var replaced =
          Cli.runWithEnv(
              work,
              Map.of("STRATA_PLACEHOLDER_who", "from-env"),
              "deploy",
              "--url",
              other.url(),
              "--dir",
              dir.toString(),
              "--placeholder",
              "who=ops");
      assertThat(replaced.exitCode()).as(replaced.all()).isZero();
      assertThat(other.single("SELECT body FROM notes")).isEqualTo("ops");
      // The checksum is the file's, whatever was replaced: the two histories agree.
      assertThat(other.single("SELECT checksum FROM flyway_schema_history WHERE version = '2'"))
          .isEqualTo(db.single("SELECT checksum FROM flyway_schema_history WHERE version = '2'"))
          .isEqualTo(
              String.valueOf(
                  FlywayChecksum.of(
                      Files.readString(dir.resolve("V2__seed.sql"))
                          .getBytes(StandardCharsets.UTF_8))));

      var bad =
          Cli.run(
              work,
              "status",
              "--url",
              db.url(),
              "--dir",
              dir.toString(),
              "--placeholder",
              "novalue");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("--placeholder takes key=value");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void baselineOfADatabaseMadeByHand(TestServer server) throws Exception {
    writeFirstThree();
    write("V4__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint);\n");
    try (TestDatabase db = server.createDatabase()) {
      // Made by hand, as V1 and V2 would, but with a column V1 does not have.
      db.execute("CREATE TABLE users (id bigserial PRIMARY KEY, email text, phone text)");
      db.execute("CREATE INDEX users_email_idx ON users (email)");

      var refused =
          Cli.run(work, "baseline", "--url", db.url(), "--dir", dir.toString(), "--version", "2");
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(4);
      assertThat(refused.err()).contains("1 difference").contains("users");
      assertThat(db.single("SELECT to_regclass('flyway_schema_history') IS NULL")).isEqualTo("t");

      db.execute("ALTER TABLE users DROP COLUMN phone");
      var baseline =
          Cli.run(work, "baseline", "--url", db.url(), "--dir", dir.toString(), "--version", "2");
      assertThat(baseline.exitCode()).as(baseline.all()).isZero();
      assertThat(baseline.out()).contains("2 migration(s) recorded");
      assertThat(db.single("SELECT type || ' ' || version FROM flyway_schema_history"))
          .isEqualTo("BASELINE 2");

      // V3 alters the table the database already holds: the review's finding, accepted here.
      var deploy =
          Cli.run(
              work,
              "deploy",
              "--url",
              db.url(),
              "--dir",
              dir.toString(),
              "--allow-hazards",
              "access-exclusive-lock");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(deploy.out()).contains("Applied 2 migrations");
      // Flyway reads the baseline as its own: V1 below it, the V2 file stood for by the baseline
      // row, V3 and V4 applied.
      Flyway flyway = flyway(db);
      assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
      assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getState))
          .containsExactly(
              MigrationState.BELOW_BASELINE,
              MigrationState.BASELINE_IGNORED,
              MigrationState.BASELINE,
              MigrationState.SUCCESS,
              MigrationState.SUCCESS);
      var again =
          Cli.run(work, "baseline", "--url", db.url(), "--dir", dir.toString(), "--version", "2");
      assertThat(again.exitCode()).isEqualTo(6);
      assertThat(again.err()).contains("already has a history");
    }
  }

  @Test
  void manyMigrationsShowOneBarWhenAskedAndALineEachOtherwise() throws Exception {
    TestServer server = dev.strata.testkit.TestServers.all().get(0);
    for (int i = 1; i <= 12; i++)
      write("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);\n");
    try (TestDatabase db = server.createDatabase();
        TestDatabase other = server.createDatabase()) {
      var lines =
          Cli.runWithEnv(
              work,
              Map.of("STRATA_PROGRESS", "lines"),
              "deploy",
              "--url",
              db.url(),
              "--dir",
              dir.toString());
      assertThat(lines.exitCode()).as(lines.all()).isZero();
      assertThat(lines.err())
          .contains("Applying V1__t1 ... done")
          .contains("Applying V12__t12 ... done");
      // The bar is drawn on the terminal itself, not in these lines.
      var bar =
          Cli.runWithEnv(
              work,
              Map.of("STRATA_PROGRESS", "bar"),
              "deploy",
              "--url",
              other.url(),
              "--dir",
              dir.toString());
      assertThat(bar.exitCode()).as(bar.all()).isZero();
      assertThat(bar.err()).doesNotContain("Applying V1__t1");
      assertThat(bar.out()).contains("Applied 12 migrations");
    }
  }
}
