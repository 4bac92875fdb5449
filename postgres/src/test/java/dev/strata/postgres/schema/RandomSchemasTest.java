package dev.strata.postgres.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scripts {@link RandomSchemas} writes are valid: each builds on an empty database of a real
 * server, and the same seed always writes the same scripts.
 */
class RandomSchemasTest {
  private static final int SEEDS = 200;
  private static final int WORKERS = 4;

  static Stream<String> servers() {
    return Stream.of("embedded", "external");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void everyScriptBuildsOnAnEmptyDatabase(String server) throws Exception {
    String admin = jdbcUrl(server, "postgres");
    // Several connections at once: one alone mostly waits for disk flushes (each index build). Each
    // has a
    // database of its own, since scripts creating the same names in one database block each other.
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int w = 1; w <= WORKERS; w++) {
        int firstSeed = w;
        done.add(workers.submit(() -> buildSeeds(server, admin, firstSeed)));
      }
      for (Future<Void> worker : done) {
        try {
          worker.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) throw failure;
          throw e;
        }
      }
    } finally {
      workers.shutdownNow();
    }
  }

  /** Builds the scripts of seeds {@code firstSeed}, {@code firstSeed + WORKERS}, ... */
  private static Void buildSeeds(String server, String admin, int firstSeed) throws SQLException {
    String database = "strata_schemas_" + UUID.randomUUID().toString().substring(0, 8);
    execute(admin, "CREATE DATABASE " + database);
    try (Connection c = DriverManager.getConnection(jdbcUrl(server, database))) {
      // Each script runs in a transaction that is rolled back: the database is empty again for the
      // next script, with no reset statements and no commit.
      c.setAutoCommit(false);
      for (long seed = firstSeed; seed <= SEEDS; seed += WORKERS) {
        RandomSchemas.Pair pair = RandomSchemas.pair(seed);
        build(c, seed, "from", pair.from());
        build(c, seed, "to", pair.to());
      }
    } finally {
      execute(admin, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
    return null;
  }

  @Test
  void sameSeedWritesTheSameScriptsAndOthersDiffer() {
    Set<List<String>> distinct = new HashSet<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      RandomSchemas.Pair pair = RandomSchemas.pair(seed);
      assertThat(RandomSchemas.pair(seed)).isEqualTo(pair);
      assertThat(pair.to()).as("seed %d", seed).isNotEqualTo(pair.from());
      distinct.add(pair.from());
    }
    assertThat(distinct).hasSize(SEEDS);
  }

  /** One round trip per script: the server's DDL, not the network, should set the pace. */
  private static void build(Connection c, long seed, String side, List<String> script)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String sql : script) st.addBatch(sql);
      st.executeBatch();
    } catch (SQLException e) {
      // The driver's message names the statement ("Batch entry 3 CREATE INDEX ... was aborted").
      throw new AssertionError(
          "seed %d, %s script: %s (SQLSTATE %s)%nscript:%n%s"
              .formatted(seed, side, e.getMessage(), e.getSQLState(), String.join(";\n", script)),
          e);
    } finally {
      c.rollback();
    }
  }

  /** The embedded PostgreSQL, or the server of STRATA_TEST_PG_URL (skipped when not set). */
  private static String jdbcUrl(String server, String database) {
    if (server.equals("embedded")) {
      var embedded = dev.strata.testkit.TestServers.embedded();
      return embedded.jdbcUrl(database) + "?user=" + embedded.user();
    }
    String url = System.getenv("STRATA_TEST_PG_URL");
    assumeTrue(url != null && !url.isBlank(), "STRATA_TEST_PG_URL is not set");
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    String user =
        uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().replaceFirst(":.*", "");
    return "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + "?user=" + user;
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
