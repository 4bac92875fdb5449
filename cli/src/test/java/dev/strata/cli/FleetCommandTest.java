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
  @MethodSource("dev.strata.testkit.TestServers#all")
  void aConflictingDatabaseFailsAloneAndARerunAppliesOnlyIt(TestServer server) throws Exception {
    Migrations m = migrations();
    List<TestDatabase> dbs = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) dbs.add(server.createDatabase());
      TestDatabase conflicting = dbs.get(17);
      conflicting.execute("CREATE TABLE accounts (id int)");
      Path targets = targets(dbs);

      Cli.Result first = fleet("deploy", targets, m, "--continue-on-error", "--parallel", "8");
      assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
      Map<String, String> states = states(first.out());
      assertThat(states).hasSize(50);
      assertThat(states.get(conflicting.url())).isEqualTo("failed");
      assertThat(states.values()).filteredOn("applied"::equals).hasSize(49);
      assertThat(first.out()).contains("\"failed\" : 1").contains("\"applied\" : 49");
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
      assertThat(after.values()).filteredOn("up-to-date"::equals).hasSize(49);
      assertThat(rerun.out()).contains("\"upToDate\" : true");
    } finally {
      for (TestDatabase db : dbs) db.close();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#all")
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
  @MethodSource("dev.strata.testkit.TestServers#all")
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
