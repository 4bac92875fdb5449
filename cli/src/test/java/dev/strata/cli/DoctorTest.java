package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** strata doctor finds what would make a migration fail or block, on real sessions and roles. */
class DoctorTest {
  @TempDir Path work;

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void healthyDatabasePassesAndListsPendingLocks(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      m.add(
          "20240102000000_b",
          "ALTER TABLE a ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY a_b ON a (b);");
      var doctor = Cli.run(work, "doctor", "--url", db.url());
      assertThat(doctor.exitCode()).as(doctor.all()).isZero();
      assertThat(doctor.out())
          .contains("passed   connection")
          .contains("passed   privileges")
          .contains("lock: 20240102000000_b line 1: ACCESS EXCLUSIVE on a")
          .contains("SHARE UPDATE EXCLUSIVE on a")
          .contains("outside a transaction: 20240102000000_b")
          .contains("warning  newest backup")
          .contains("No check failed.");
      var json = Cli.run(work, "doctor", "--url", db.url(), "--json");
      assertThat(json.out()).contains("\"passed\" : true").contains("\"name\" : \"deploy lock\"");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void userWithoutCreatePrivilegeIsReported(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'strata_nocreate') THEN"
              + " CREATE ROLE strata_nocreate LOGIN; END IF; END $$");
      db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      String url =
          "postgresql://strata_nocreate@"
              + db.server().host()
              + ":"
              + db.server().port()
              + "/"
              + db.name();
      var doctor = Cli.run(work, "doctor", "--url", url);
      assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
      assertThat(doctor.out())
          .contains("failed   privileges")
          .contains("lacks CREATE on schema public")
          .contains("GRANT CREATE ON SCHEMA public TO strata_nocreate");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void idleInTransactionSessionHoldingALockOnAnAlteredTableIsReported(TestServer server)
      throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_orders", "CREATE TABLE orders (id int);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      m.add("20240102000000_alter", "ALTER TABLE orders ADD COLUMN note text;");
      try (Connection holder = db.connect();
          Statement st = holder.createStatement()) {
        holder.setAutoCommit(false);
        st.execute("SELECT * FROM orders"); // then sits idle in its transaction
        int pid;
        try (var rs = st.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          pid = rs.getInt(1);
        }
        var doctor = Cli.run(work, "doctor", "--url", db.url());
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        assertThat(doctor.out())
            .contains("failed   blocking sessions")
            .contains("pid " + pid)
            .contains("idle in transaction")
            .contains("AccessShareLock on orders (20240102000000_alter takes ACCESS EXCLUSIVE)");
        holder.rollback();
      }
      assertThat(Cli.run(work, "doctor", "--url", db.url()).exitCode()).isZero();
    }
  }
}
