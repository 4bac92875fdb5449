package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code strata fleet} on many real databases of one server. */
class FleetCommandTest {
  @TempDir Path work;

  private Migrations migrations() {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n");
    m.add("20240102000000_email", "ALTER TABLE accounts ADD COLUMN email text;\n");
    m.add("20240103000000_index", "CREATE INDEX accounts_email ON accounts (email);\n");
    return m;
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aConflictingDatabaseFailsAloneAndARerunAppliesOnlyIt(TestServer server) throws Exception {
    Migrations m = migrations();
    List<TestDatabase> dbs = new ArrayList<>();
    try {
      // 50 databases in the full run, 20 (still more than two rounds of 8) in the quick one.
      int count = "1".equals(System.getenv("STRATA_FULL_TESTS")) ? 50 : 20;
      for (int i = 0; i < count; i++) dbs.add(server.createDatabase());
      TestDatabase conflicting = dbs.get(17);
      conflicting.execute("CREATE TABLE accounts (id int)");
      Path targets = targets(dbs);

      Cli.Result first = fleet("deploy", targets, m, "--continue-on-error", "--parallel", "8");
      assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
      Map<String, String> states = states(first.out());
      assertThat(states).hasSize(count);
      assertThat(states.get(conflicting.url())).isEqualTo("failed");
      assertThat(states.values()).filteredOn("applied"::equals).hasSize(count - 1);
      assertThat(first.out()).contains("\"failed\" : 1").contains("\"applied\" : " + (count - 1));
      assertThat(dbs.get(18).single("SELECT count(*) FROM _strata_migrations")).isEqualTo("3");
      assertThat(conflicting.single("SELECT count(*) FROM pg_tables WHERE tablename = 'accounts'"))
          .as("the conflicting table is as it was")
          .isEqualTo("1");

      Cli.Result status = fleet("status", targets, m);
      assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
      assertThat(states(status.out()).get(conflicting.url())).isEqualTo("pending");

      conflicting.execute("DROP TABLE accounts");
      Cli.Result rerun = fleet("deploy", targets, m);
      assertThat(rerun.exitCode()).as(rerun.all()).isZero();
      Map<String, String> after = states(rerun.out());
      assertThat(after.get(conflicting.url())).isEqualTo("applied");
      assertThat(after.values()).filteredOn("up-to-date"::equals).hasSize(count - 1);
      assertThat(rerun.out()).contains("\"upToDate\" : true");
    } finally {
      for (TestDatabase db : dbs) db.close();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aFailingCanaryStartsNothingElse(TestServer server) throws Exception {
    Migrations m = migrations();
    List<TestDatabase> dbs = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) dbs.add(server.createDatabase());
      dbs.get(1).execute("CREATE TABLE accounts (id int)");
      Path targets = targets(dbs);
      Cli.Result run = fleet("deploy", targets, m, "--canary", "3", "--continue-on-error");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      Map<String, String> states = states(run.out());
      assertThat(states.get(dbs.get(1).url())).isEqualTo("failed");
      for (TestDatabase db : dbs.subList(3, 8)) {
        assertThat(states.get(db.url())).isEqualTo("skipped");
        assertThat(
                db.single("SELECT count(*) FROM pg_tables WHERE tablename = '_strata_migrations'"))
            .as("a skipped target is not touched")
            .isEqualTo("0");
      }
      assertThat(run.out()).contains("canary");
    } finally {
      for (TestDatabase db : dbs) db.close();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void anUnreachableTargetIsReportedWithoutItsPasswordAndTheTextSaysWhatToDo(TestServer server)
      throws Exception {
    Migrations m = migrations();
    try (TestDatabase db = server.createDatabase()) {
      Path targets = work.resolve("targets.txt");
      Files.writeString(
          targets,
          "# two tenants\n"
              + db.url()
              + "\n"
              + "postgresql://app:hunter2@127.0.0.1:1/nowhere   # retired\n");
      Cli.Result run =
          Cli.run(
              work,
              "fleet",
              "deploy",
              "--targets",
              targets.toString(),
              "--dir",
              m.dir().toString(),
              "--continue-on-error",
              "--connect-timeout",
              "2");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out())
          .contains("unreachable     postgresql://app:****@127.0.0.1:1/nowhere")
          .contains("applied         " + db.url())
          .contains("2 targets in")
          .contains("1 applied, 1 unreachable");
      assertThat(run.all()).doesNotContain("hunter2");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void schemasOfOneDatabaseAreTargetsWithTheirOwnHistoryAndDrift(TestServer server)
      throws Exception {
    Migrations m = migrations();
    try (TestDatabase db = server.createDatabase()) {
      for (String t : List.of("tenant_a", "tenant_b", "tenant_c", "tenant_d", "tenant_e")) {
        db.execute("CREATE SCHEMA " + t);
      }
      db.execute("CREATE SCHEMA other");
      db.execute("CREATE TABLE tenant_c.accounts (id int)");

      Cli.Result deploy =
          schemas("deploy", db, m, "--parallel", "4", "--continue-on-error", "--json");
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(1);
      Map<String, String> states = states(deploy.out());
      assertThat(states).hasSize(5);
      assertThat(states.get(db.url() + "?schema=tenant_c")).isEqualTo("failed");
      assertThat(states.values()).filteredOn("applied"::equals).hasSize(4);
      for (String t : List.of("tenant_a", "tenant_b", "tenant_d", "tenant_e")) {
        assertThat(db.single("SELECT count(*) FROM " + t + "._strata_migrations"))
            .as("%s keeps its own history", t)
            .isEqualTo("3");
        assertThat(
                db.single(
                    "SELECT count(*) FROM pg_indexes WHERE schemaname = '"
                        + t
                        + "'"
                        + " AND indexname = 'accounts_email'"))
            .isEqualTo("1");
      }
      assertThat(
              db.single("SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'other')"))
          .as("neither public nor a schema the pattern leaves out is touched")
          .isEqualTo("0");

      db.execute("DROP TABLE tenant_c.accounts");
      db.execute("ALTER TABLE tenant_b.accounts ADD COLUMN nickname text");
      Cli.Result status = schemas("status", db, m, "--drift", "--json");
      assertThat(status.exitCode()).as(status.all()).isEqualTo(4);
      Map<String, String> now = states(status.out());
      assertThat(now.get(db.url() + "?schema=tenant_b")).isEqualTo("drifted");
      assertThat(now.get(db.url() + "?schema=tenant_c"))
          .as("its review refused the conflicting migration before it ran: nothing recorded")
          .isEqualTo("pending");
      assertThat(now.get(db.url() + "?schema=tenant_a"))
          .as("another tenant's schema is no drift of this one's")
          .isEqualTo("up-to-date");
      assertThat(status.out()).contains("\"drifted\" : 1").contains("live schema differs");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void reviewReportsWhatEachTargetsDeployWouldMeetAndAppliesNothing(TestServer server)
      throws Exception {
    Migrations m = migrations();
    List<TestDatabase> dbs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) dbs.add(server.createDatabase());
      Path targets = targets(dbs);
      assertThat(fleet("deploy", targets, m).exitCode()).isZero();
      m.add("20240104000000_narrow", "ALTER TABLE accounts ALTER COLUMN id TYPE int;\n");
      assertThat(
              Cli.run(
                      work,
                      "deploy",
                      "--url",
                      dbs.get(0).url(),
                      "--dir",
                      m.dir().toString(),
                      "--allow-hazards",
                      "column-type-change,table-rewrite,access-exclusive-lock")
                  .exitCode())
          .isZero();

      Cli.Result review = fleet("review", targets, m);
      assertThat(review.exitCode()).as(review.all()).isEqualTo(4);
      Map<String, String> states = states(review.out());
      assertThat(states.get(dbs.get(0).url())).isEqualTo("up-to-date");
      assertThat(states.get(dbs.get(1).url())).isEqualTo("needs-attention");
      assertThat(review.out()).contains("[column-type-change]").contains("\"reviewed\"");
      assertThat(dbs.get(1).single("SELECT count(*) FROM _strata_migrations"))
          .as("a review applies nothing")
          .isEqualTo("3");

      Cli.Result allowed =
          fleet(
              "review",
              targets,
              m,
              "--allow-hazards",
              "column-type-change,table-rewrite,access-exclusive-lock");
      assertThat(allowed.exitCode()).as(allowed.all()).isZero();
      assertThat(states(allowed.out()).get(dbs.get(2).url())).isEqualTo("reviewed");
    } finally {
      for (TestDatabase db : dbs) db.close();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void eachSchemaHasItsOwnLockAndPrismasKeyIsHeldShared(TestServer server) throws Exception {
    Migrations m = migrations();
    try (TestDatabase db = server.createDatabase();
        var other = db.connect();
        var st = other.createStatement()) {
      db.execute("CREATE SCHEMA tenant_1");
      db.execute("CREATE SCHEMA tenant_2");
      // Another deployer of tenant_1 holds its lock: tenant_2 goes ahead.
      long key = 0x5354_0000_0000_0000L | crc("strata:tenant_1._strata_migrations");
      st.execute("SELECT pg_advisory_lock(" + key + ")");
      Cli.Result run =
          schemas("deploy", db, m, "--continue-on-error", "--lock-wait", "1", "--json");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(states(run.out()).get(db.url() + "?schema=tenant_2")).isEqualTo("applied");
      assertThat(run.out()).contains("deploy lock on tenant_1._strata_migrations");
      st.execute("SELECT pg_advisory_unlock(" + key + ")");

      // Prisma's histories: its one key for the whole database, taken shared by Strata.
      for (String t : List.of("tenant_3", "tenant_4")) {
        db.execute("CREATE SCHEMA " + t);
        try (var c = db.connect();
            var s = c.createStatement()) {
          s.execute("SET search_path TO " + t);
          s.execute(PRISMA_TABLE);
        }
      }
      st.execute("SELECT pg_advisory_lock_shared(72707369)"); // a Strata on another schema
      Cli.Result shared = schemas("deploy", db, m, "--lock-wait", "1", "--json");
      assertThat(shared.exitCode()).as(shared.all()).isZero();
      assertThat(db.single("SELECT count(*) FROM tenant_4._prisma_migrations")).isEqualTo("3");
      st.execute("SELECT pg_advisory_unlock_shared(72707369)");

      m.add(
          "20240104000000_more",
          "SET lock_timeout = '5s';\nALTER TABLE accounts ADD COLUMN more text;\n");
      st.execute("SELECT pg_advisory_lock(72707369)"); // Prisma itself
      Cli.Result prisma =
          schemas("deploy", db, m, "--lock-wait", "1", "--continue-on-error", "--json");
      assertThat(prisma.exitCode()).as(prisma.all()).isEqualTo(1);
      Map<String, String> states = states(prisma.out());
      assertThat(states.get(db.url() + "?schema=tenant_3")).isEqualTo("failed");
      assertThat(states.get(db.url() + "?schema=tenant_1"))
          .as("Strata's own histories do not wait for Prisma's key: " + prisma.out())
          .isEqualTo("applied");
    }
  }

  private static final String PRISMA_TABLE =
      "CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL,"
          + " checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,"
          + " migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,"
          + " started_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
          + " applied_steps_count INTEGER NOT NULL DEFAULT 0)";

  private static long crc(String text) {
    var crc = new java.util.zip.CRC32();
    crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue();
  }

  private Cli.Result schemas(String command, TestDatabase db, Migrations m, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "fleet",
                command,
                "--url",
                db.url(),
                "--schemas",
                "tenant_%",
                "--dir",
                m.dir().toString()));
    args.addAll(List.of(more));
    return Cli.run(work, args.toArray(String[]::new));
  }

  private Path targets(List<TestDatabase> dbs) throws Exception {
    StringBuilder text = new StringBuilder("# tenants\n");
    for (TestDatabase db : dbs) text.append(db.url()).append('\n');
    return Files.writeString(work.resolve("targets.txt"), text.toString());
  }

  private Cli.Result fleet(String command, Path targets, Migrations m, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "fleet",
                command,
                "--targets",
                targets.toString(),
                "--dir",
                m.dir().toString(),
                "--json"));
    args.addAll(List.of(more));
    return Cli.run(work, args.toArray(String[]::new));
  }

  /** Each target's state, from the JSON report. */
  private static Map<String, String> states(String json) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      String url = null;
      while (p.nextToken() != null) {
        if (p.currentToken() != JsonToken.FIELD_NAME) continue;
        String field = p.currentName();
        p.nextToken();
        if (field.equals("url")) url = p.getText();
        else if (field.equals("state") && url != null) states.put(url, p.getText());
      }
    }
    return states;
  }
}
