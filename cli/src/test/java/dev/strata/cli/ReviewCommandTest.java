package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * strata review on real servers: what a migration really does on a shadow database (locks,
 * rewrites, data removed), and deploy stopping on it.
 */
class ReviewCommandTest {
  @TempDir Path work;

  static List<TestServer> servers(TestInfo test) {
    return TestServers.each(test);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aVolatileDefaultOnAPopulatedTableIsObservedAsARewriteUnderAccessExclusive(TestServer server)
      throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration(
          "20240102000000_add_created_at",
          "ALTER TABLE items ADD COLUMN created_at timestamptz DEFAULT clock_timestamp();");
      Cli.Result review = review(db, "--json");
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      assertThat(review.out())
          .contains("\"code\" : \"table-rewrite\"")
          .contains("\"code\" : \"access-exclusive-lock\"")
          .contains("\"mode\" : \"ACCESS EXCLUSIVE\"")
          .containsPattern("\"rewritten\" : \\[ \"public.items\" \\]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aDefaultOfNowTakesAccessExclusiveButRewritesNothing(TestServer server) throws Exception {
    // PostgreSQL 11+ stores a non-volatile default once instead of writing it into every row;
    // now() is stable, so only the lock is a hazard, and the review must not claim a rewrite.
    try (TestDatabase db = populatedItems(server)) {
      migration(
          "20240102000000_add_seen_at",
          "ALTER TABLE items ADD COLUMN seen_at timestamptz DEFAULT now();");
      Cli.Result review = review(db, "--json");
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      assertThat(review.out())
          .contains("\"code\" : \"access-exclusive-lock\"")
          .contains("\"mode\" : \"ACCESS EXCLUSIVE\"")
          .doesNotContain("table-rewrite")
          .contains("\"rewritten\" : [ ]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void createIndexConcurrentlyIsObservedNotBlockingWrites(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration(
          "20240102000000_index_note",
          "SET lock_timeout = '5s';\n"
              + "CREATE INDEX CONCURRENTLY IF NOT EXISTS items_note_idx ON items (note);");
      Cli.Result review = review(db, "--json");
      assertThat(review.exitCode()).as(review.all()).isZero();
      assertThat(review.out())
          .contains("\"code\" : \"writes-not-blocked\"")
          .contains("\"outsideTransaction\" : true")
          .contains("\"writesContinued\" : true")
          .contains("\"mode\" : \"SHARE UPDATE EXCLUSIVE\"")
          .doesNotContain("\"level\" : \"error\"");
      assertThat(db.single("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_note_idx'"))
          .as("review changes nothing on the target")
          .isEqualTo("0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aPlainIndexOnATableInUseIsObservedBlockingWrites(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_index_note", "CREATE INDEX items_note_idx ON items (note);");
      Cli.Result review = review(db, "--json");
      assertThat(review.out())
          .contains("\"code\" : \"blocks-writes\"")
          .contains("\"mode\" : \"SHARE\"")
          .contains("\"blocksWrites\" : true");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aDroppedColumnIsDataLossWithTheRowsAtRisk(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      db.execute("UPDATE items SET note = NULL WHERE id <= 100");
      migration("20240102000000_drop_note", "ALTER TABLE items DROP COLUMN note;");
      Cli.Result review = review(db);
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      assertThat(review.out())
          .contains("data-loss")
          .contains("removed column public.items.note (900 rows)")
          .contains("Data at risk?         column public.items.note (900 rows) (observed)")
          .contains("HAZARD");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void deployStopsOnAHazardWithNothingAppliedUnlessItIsAllowed(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_drop_note", "ALTER TABLE items DROP COLUMN note;");
      Cli.Result refused = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir());
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(6);
      assertThat(refused.err()).contains("nothing was applied").contains("data-loss");
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
          .isEqualTo("1");

      Matcher allow = Pattern.compile("--allow-hazards (\\S+)").matcher(refused.err());
      assertThat(allow.find()).as(refused.err()).isTrue();
      String codes = allow.group(1);
      Cli.Result partly =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", dir(), "--allow-hazards", "data-loss");
      assertThat(partly.exitCode()).as("every error-level code must be allowed").isEqualTo(6);

      Cli.Result allowed =
          Cli.run(work, "deploy", "--url", db.url(), "--dir", dir(), "--allow-hazards", codes);
      assertThat(allowed.exitCode()).as(allowed.all()).isZero();
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
          .isEqualTo("0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void productionStopsAtItsPreflightChecksBeforeTakingABackup(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_drop_note", "ALTER TABLE items DROP COLUMN note;");
      Cli.Result run = Cli.run(work, "production", "--url", db.url(), "--dir", dir(), "--force");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
      assertThat(run.out()).contains("FAILED: review data-loss");
      assertThat(run.all()).doesNotContain("Creating Pre-Migration Backup");
      assertThat(work.resolve("backups/pre-migration")).doesNotExist();
      assertThat(db.single("SELECT count(*) FROM items WHERE note IS NOT NULL")).isEqualTo("1000");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aMigrationThatFailsOnTheShadowIsAnErrorAndStopsTheDeployBeforeTheTarget(TestServer server)
      throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_typo", "ALTER TABLE itemz ADD COLUMN x int;");
      Cli.Result review = review(db);
      assertThat(review.exitCode()).isEqualTo(4);
      assertThat(review.out()).contains("shadow-failure").contains("itemz");
      Cli.Result deploy =
          Cli.run(work, "deploy", "--url", db.url(), "--dir", dir(), "--review", "full");
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(6);
      assertThat(db.single("SELECT count(*) FROM _strata_migrations")).isEqualTo("1");
    }
  }

  /**
   * The default review (auto) runs on a shadow database only from the first migration that names a
   * table the target has: one that names none cannot lock or rewrite what the application uses, and
   * is judged by its text; one that does is observed, with the migrations before it applied first.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theDefaultReviewObservesFromTheFirstMigrationThatNamesATableInUse(TestServer server)
      throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_fresh", "CREATE TABLE fresh (id int PRIMARY KEY, note text);");
      Cli.Result none = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir());
      assertThat(none.exitCode()).as(none.all()).isZero();
      assertThat(none.all())
          .contains("no pending migration names a table the target has")
          .doesNotContain("observed on a shadow database");

      migration("20240103000000_more", "CREATE TABLE more (id int);");
      migration("20240104000000_rewrite", "ALTER TABLE items ALTER COLUMN note TYPE varchar(500);");
      Cli.Result refused = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir());
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(6);
      assertThat(refused.all())
          .contains("table-rewrite")
          .contains(
              "the 1 migration(s) before 20240104000000_rewrite name no table the target"
                  + " has: applied to the shadow database unobserved");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void withDataTheShadowHoldsASampleOfTheRows(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      // Holds on an empty table, fails on the real rows ('n1000' is longer than 3).
      migration(
          "20240102000000_short_notes",
          "ALTER TABLE items ADD CONSTRAINT items_note_short CHECK (length(note) <= 3);");
      Cli.Result empty = review(db, "--json");
      assertThat(empty.out()).doesNotContain("shadow-failure").contains("\"sampleRows\" : 0");
      Cli.Result sampled = review(db, "--json", "--with-data", "500");
      assertThat(sampled.out())
          .contains("\"sampleRows\" : 500")
          .contains("shadow-failure")
          .contains("items_note_short");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aNamedMigrationIsReviewedAfterThePendingOnesBeforeIt(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration(
          "20240102000000_add_tag",
          "SET lock_timeout = '5s';\nALTER TABLE items ADD COLUMN IF NOT EXISTS tag text;");
      migration("20240103000000_drop_tag", "ALTER TABLE items DROP COLUMN tag;");
      // The drop meets the column the migration before it adds, on the shadow as in production.
      Cli.Result named = review(db, "20240103000000_drop_tag", "--json");
      assertThat(named.exitCode()).as(named.all()).isEqualTo(4);
      assertThat(named.out())
          .contains("\"migrations\" : 1")
          .contains("20240103000000_drop_tag")
          .doesNotContain("\"name\" : \"20240102000000_add_tag\"")
          .doesNotContain("shadow-failure");

      Cli.Result applied = review(db, "20240101000000_create_items");
      assertThat(applied.exitCode()).isEqualTo(2);
      assertThat(applied.err()).contains("is applied, not pending");
      Cli.Result unknown = review(db, "nope");
      assertThat(unknown.exitCode()).isEqualTo(2);
      assertThat(unknown.err()).contains("No migration named `nope`");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void staticReviewRunsNothingOnAShadow(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_drop_note", "ALTER TABLE items DROP COLUMN note;");
      Cli.Result review = review(db, "--json", "--static");
      assertThat(review.exitCode()).isEqualTo(4);
      assertThat(review.out())
          .contains("\"observed\" : false")
          .contains("\"code\" : \"drop-column\"")
          .doesNotContain("data-loss");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theBundledExampleHasNoErrorLevelFindingFromScratchNorOneMigrationAtATime(TestServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Path example = Migrations.copyExample("helpdesk", work.resolve("example"));
      Cli.Result all = Cli.run(work, "review", "--url", db.url(), "--dir", example.toString());
      assertThat(all.exitCode()).as(all.all()).isZero();
      assertThat(all.out()).contains("Reviewed 19 migrations").contains(": 0 errors,");

      // As production met them: each reviewed against the schema and tables of the ones before.
      Path stepwise = work.resolve("stepwise");
      Files.createDirectories(stepwise);
      Files.copy(example.resolve("migration_lock.toml"), stepwise.resolve("migration_lock.toml"));
      List<String> warnings = new ArrayList<>();
      try (Stream<Path> folders = Files.list(example)) {
        for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
          Migrations.copyTree(folder, stepwise.resolve(folder.getFileName().toString()));
          Cli.Result one =
              Cli.run(work, "review", "--url", db.url(), "--dir", stepwise.toString(), "--json");
          assertThat(one.exitCode()).as(one.all()).isZero();
          assertThat(one.out()).doesNotContain("\"level\" : \"error\"");
          if (one.out().contains("\"level\" : \"warning\""))
            warnings.add(folder.getFileName().toString());
          Cli.Result deploy =
              Cli.run(work, "deploy", "--url", db.url(), "--dir", stepwise.toString());
          assertThat(deploy.exitCode()).as(deploy.all()).isZero();
        }
      }
      // Only the two that alter tickets in place take ACCESS EXCLUSIVE, bounded by lock_timeout.
      assertThat(warnings)
          .containsExactly(
              "20240212143000_add_sla_policy_to_tickets", "20240311140000_backfill_ticket_numbers");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void htmlReportIsWrittenBesideTheTextReview(TestServer server) throws Exception {
    try (TestDatabase db = populatedItems(server)) {
      migration("20240102000000_drop_note", "ALTER TABLE items DROP COLUMN note;");
      Cli.Result review = review(db, "--html", "review.html");
      assertThat(review.out()).contains("Wrote review.html");
      String html = Files.readString(work.resolve("review.html"));
      assertThat(html).contains("20240102000000_drop_note").contains("data-loss");
    }
  }

  /** A table of 1,000 rows created by a deployed migration: the application's table in use. */
  private TestDatabase populatedItems(TestServer server) throws Exception {
    TestDatabase db = server.createDatabase();
    migration(
        "20240101000000_create_items",
        "SET lock_timeout = '5s';\n"
            + "CREATE TABLE IF NOT EXISTS items (id bigint PRIMARY KEY, note text);");
    Cli.Result deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir());
    assertThat(deploy.exitCode()).as(deploy.all()).isZero();
    db.execute("INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 1000) g");
    return db;
  }

  private Cli.Result review(TestDatabase db, String... more) {
    List<String> args = new ArrayList<>(List.of("review", "--url", db.url(), "--dir", dir()));
    args.addAll(List.of(more));
    return Cli.run(work, args.toArray(String[]::new));
  }

  private String dir() {
    return work.resolve("migrations").toString();
  }

  private void migration(String name, String sql) throws Exception {
    Path folder = work.resolve("migrations").resolve(name);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("migration.sql"), sql + "\n");
  }
}
