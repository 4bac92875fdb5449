package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata fleet} on MySQL/MariaDB ({@code STRATA_TEST_MYSQL_URL}; skipped without it): the
 * databases of one server picked by --schemas, one conflicting, each with its own history.
 */
class MysqlFleetTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  @TempDir Path work;
  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void theDatabasesOfAServerDeployedTogetherAConflictingOneFailsAlone() throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_accounts",
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(100));\n");
    m.add("20240102000000_email", "ALTER TABLE accounts ADD COLUMN email VARCHAR(191) NULL;\n");
    m.add("20240103000000_index", "CREATE INDEX accounts_email ON accounts (email);\n");
    String prefix = "fleet" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    List<String> tenants = List.of(prefix + "_t1", prefix + "_t2", prefix + "_t3", prefix + "_t4");
    try (Connection admin = server.connect("");
        Statement st = admin.createStatement()) {
      try {
        for (String t : tenants) st.execute("CREATE DATABASE `" + t + "`");
        st.execute("CREATE TABLE `" + prefix + "_t3`.accounts (id INT)");
        String url = server.url(tenants.get(0));

        Cli.Result deploy =
            Cli.run(
                work,
                "fleet",
                "deploy",
                "--url",
                url,
                "--schemas",
                prefix + "\\_t%",
                "--dir",
                m.dir().toString(),
                "--parallel",
                "4",
                "--continue-on-error");
        assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(1);
        assertThat(deploy.out())
            .contains("4 targets in")
            .contains("3 applied, 1 failed")
            .containsPattern("failed +mysql://[^ ]*/" + prefix + "_t3");
        for (String t : List.of(tenants.get(0), tenants.get(1), tenants.get(3))) {
          assertThat(count(st, "SELECT count(*) FROM `" + t + "`._strata_migrations"))
              .as("%s keeps its own history", t)
              .isEqualTo(3);
        }
        assertThat(
                count(
                    st,
                    "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                        + prefix
                        + "_t3' AND TABLE_NAME = 'accounts'"))
            .as("the conflicting database is as it was")
            .isEqualTo(1);

        Cli.Result status =
            Cli.run(
                work,
                "fleet",
                "status",
                "--url",
                url,
                "--schemas",
                prefix + "\\_t%",
                "--dir",
                m.dir().toString());
        assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
        assertThat(status.out()).contains("3 up-to-date, 1 pending");
      } finally {
        for (String t : tenants) st.execute("DROP DATABASE IF EXISTS `" + t + "`");
      }
    }
  }

  private static int count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
