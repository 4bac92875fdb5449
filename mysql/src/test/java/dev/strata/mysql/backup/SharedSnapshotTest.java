package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backup's connections see one snapshot while the application commits as fast as it can; a user
 * without RELOAD, or a hold that cannot be had within a second, leaves one connection, said so.
 */
class SharedSnapshotTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();
  private static final int OPENS = 25;

  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void everyConnectionSeesTheSameCommitsWhileTheApplicationWrites() throws Exception {
    try (MysqlTestServer.Db db = server.createDatabase()) {
      db.execute("CREATE TABLE a (id INT PRIMARY KEY) ENGINE=InnoDB");
      db.execute("CREATE TABLE b (id INT PRIMARY KEY) ENGINE=InnoDB");
      try (Writer writer = new Writer(db)) {
        // The test can fail: snapshots started one after another without a hold differ.
        boolean differedWithoutHold = false;
        for (int i = 0; i < OPENS && !differedWithoutHold; i++) {
          List<Connection> plain = new ArrayList<>();
          try {
            for (int j = 0; j < 4; j++) {
              Connection c = db.connect();
              plain.add(c);
              execute(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
            differedWithoutHold = seen(plain).stream().distinct().count() > 1;
          } finally {
            for (Connection c : plain) c.close();
          }
        }
        assertThat(differedWithoutHold).as("the writer races unheld snapshots").isTrue();

        for (SharedSnapshot.Hold hold : SharedSnapshot.Hold.values()) {
          for (int i = 0; i < OPENS; i++) {
            try (SharedSnapshot snapshot = SharedSnapshot.open(connector(db), 4, hold)) {
              assertThat(snapshot.how()).isEqualTo("4 connections sharing one snapshot");
              List<String> seen = seen(snapshot.connections());
              assertThat(seen).as(hold + ", open " + i).hasSize(4).containsOnly(seen.get(0));
              String[] ab = seen.get(0).split("/");
              assertThat(ab[0]).as("a and b commit together").isEqualTo(ab[1]);
            }
          }
        }
        writer.check();
        assertThat(writer.commits()).isGreaterThan(100);
      }
    }
  }

  @Test
  void withoutReloadOneConnectionReadsEverythingAndSaysWhy() throws Exception {
    try (MysqlTestServer.Db db = server.createDatabase()) {
      String user = "strata_noreload_" + db.name().substring(db.name().length() - 6);
      db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
      db.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'pw'");
      try {
        db.execute("GRANT SELECT, SHOW VIEW ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        db.execute(
            "GRANT SELECT, SHOW VIEW ON `" + db.name() + "`.* TO '" + user + "'@'localhost'");
        DumpWriter.Connector asUser =
            new DumpWriter.Connector() {
              @Override
              public Connection open() throws SQLException {
                return open(db.name());
              }

              @Override
              public Connection open(String other) throws SQLException {
                return server.connect(user, "pw", other);
              }
            };
        for (SharedSnapshot.Hold hold : SharedSnapshot.Hold.values()) {
          try (SharedSnapshot snapshot = SharedSnapshot.open(asUser, 3, hold)) {
            assertThat(snapshot.connections()).hasSize(1);
            assertThat(snapshot.how()).startsWith("one connection: ").contains("RELOAD");
          }
        }
      } finally {
        db.execute("DROP USER '" + user + "'@'%'");
        db.execute("DROP USER '" + user + "'@'localhost'");
      }
    }
  }

  @Test
  void aHoldThatCannotBeHadWithinASecondLeavesOneConnection() throws Exception {
    try (MysqlTestServer.Db db = server.createDatabase();
        Connection other = db.connect()) {
      db.execute("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
      // Another backup's hold (BACKUP STAGE), another session's table lock (the read lock).
      execute(other, "BACKUP STAGE START");
      try (SharedSnapshot snapshot =
          SharedSnapshot.open(connector(db), 2, SharedSnapshot.Hold.BACKUP_STAGE)) {
        assertThat(snapshot.connections()).hasSize(1);
        assertThat(snapshot.how()).startsWith("one connection: BACKUP STAGE BLOCK_COMMIT");
      } finally {
        execute(other, "BACKUP STAGE END");
      }
      execute(other, "LOCK TABLES t WRITE");
      long started = System.nanoTime();
      try (SharedSnapshot snapshot =
          SharedSnapshot.open(connector(db), 2, SharedSnapshot.Hold.READ_LOCK)) {
        assertThat(snapshot.connections()).hasSize(1);
        assertThat(snapshot.how())
            .isEqualTo(
                "one connection: FLUSH TABLES WITH READ LOCK waited a second for another"
                    + " session's statement or DDL, and gave up not to hold the application's"
                    + " writes any longer");
      } finally {
        execute(other, "UNLOCK TABLES");
      }
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }
  }

  @Test
  void theHoldIsChosenByTheServer() {
    assertThat(SharedSnapshot.holdFor("10.11.19-MariaDB-0+deb12u1"))
        .isEqualTo(SharedSnapshot.Hold.BACKUP_STAGE);
    assertThat(SharedSnapshot.holdFor("11.4.2-MariaDB"))
        .isEqualTo(SharedSnapshot.Hold.BACKUP_STAGE);
    assertThat(SharedSnapshot.holdFor("10.3.39-MariaDB")).isEqualTo(SharedSnapshot.Hold.READ_LOCK);
    assertThat(SharedSnapshot.holdFor("8.0.36")).isEqualTo(SharedSnapshot.Hold.READ_LOCK);
    assertThat(SharedSnapshot.holdFor("5.5.5-10.11.6-MariaDB"))
        .isEqualTo(SharedSnapshot.Hold.READ_LOCK);
  }

  /** What each connection sees: {@code rows in a/rows in b}. */
  private static List<String> seen(List<Connection> connections) throws SQLException {
    List<String> seen = new ArrayList<>();
    for (Connection c : connections) {
      try (Statement st = c.createStatement();
          var rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM a), (SELECT COUNT(*) FROM b)")) {
        rs.next();
        seen.add(rs.getLong(1) + "/" + rs.getLong(2));
      }
    }
    return seen;
  }

  private static DumpWriter.Connector connector(MysqlTestServer.Db db) {
    return new DumpWriter.Connector() {
      @Override
      public Connection open() throws SQLException {
        return db.connect();
      }

      @Override
      public Connection open(String other) throws SQLException {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The application: one row into each of a and b per transaction, as fast as it can. */
  private static final class Writer implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long commits;

    Writer(MysqlTestServer.Db db) throws SQLException {
      Connection c = db.connect();
      c.setAutoCommit(false);
      thread =
          new Thread(
              () -> {
                try (c;
                    var ins = c.prepareStatement("INSERT INTO a VALUES (?)");
                    var ins2 = c.prepareStatement("INSERT INTO b VALUES (?)")) {
                  for (int n = 1; !stop.get(); n++) {
                    ins.setInt(1, n);
                    ins.executeUpdate();
                    ins2.setInt(1, n);
                    ins2.executeUpdate();
                    c.commit();
                    commits = n;
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "application");
      thread.start();
    }

    long commits() {
      return commits;
    }

    void check() {
      assertThat(failure.get()).as("the application's writes").isNull();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }
}
