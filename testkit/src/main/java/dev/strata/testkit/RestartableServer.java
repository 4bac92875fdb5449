package dev.strata.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own (the embedded binaries, in a directory of its own), which a
 * test may restart the way an operator does, {@code pg_ctl restart -m fast}: every session is ended
 * and every open transaction rolled back, as in a failover. Never the shared servers, which other
 * tests use.
 */
public final class RestartableServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Path pgCtl;
  private final TestServer server;

  private RestartableServer(EmbeddedPostgres postgres, Path dataDir, Path pgCtl) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.pgCtl = pgCtl;
    this.server = new TestServer("restartable", "localhost", postgres.getPort(), "postgres");
  }

  public static RestartableServer start(Path directory) {
    try {
      Path data = directory.resolve("data");
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
      // pg_ctl sits beside the running postgres binary (zonky unpacks them where it likes).
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
      Path pgCtl =
          ProcessHandle.of(pid)
              .flatMap(h -> h.info().command())
              .map(command -> Path.of(command).resolveSibling("pg_ctl"))
              .filter(Files::isExecutable)
              .orElseThrow(() -> new IOException("cannot find pg_ctl beside postgres " + pid));
      return new RestartableServer(postgres, data, pgCtl);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a restartable PostgreSQL", e);
    }
  }

  public TestServer server() {
    return server;
  }

  /** {@code pg_ctl restart -m fast}, waiting until the server accepts connections again. */
  public void restartFast() {
    try {
      List<String> command = new ArrayList<>();
      // As zonky does: PostgreSQL refuses to run as root, so root runs it in a user namespace.
      if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable())
        command.addAll(List.of("unshare", "-U"));
      command.addAll(
          List.of(
              pgCtl.toString(),
              "-D",
              dataDir.toString(),
              "-m",
              "fast",
              "-w",
              "-t",
              "60",
              "restart"));
      // Output to a file: the restarted server inherits pg_ctl's stdout and keeps it open.
      Path log = dataDir.resolveSibling("pg_ctl.log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("pg_ctl restart failed: " + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
