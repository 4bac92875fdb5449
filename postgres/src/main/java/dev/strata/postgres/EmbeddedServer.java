package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL that runs when no database URL is given: zonky's pinned binaries, data kept under
 * {@code .strata/postgres} so it survives between runs. One Strata process owns it at a time; a
 * server left running by a killed process is stopped before a new one starts.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Path ownerFile;

  private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir, Path ownerFile) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.ownerFile = ownerFile;
  }

  /** Starts the server whose data lives in {@code stateDir/postgres}. */
  public static EmbeddedServer start(Path stateDir) {
    Path dataDir = stateDir.resolve("postgres");
    Path ownerFile = stateDir.resolve("owner.pid");
    try {
      Files.createDirectories(stateDir);
      stopOrphan(dataDir, ownerFile);
      Files.writeString(
          ownerFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "100")
              .start();
      return new EmbeddedServer(postgres, dataDir, ownerFile);
    } catch (IOException | RuntimeException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot start the embedded PostgreSQL in "
              + dataDir
              + ": "
              + e.getMessage()
              + ". Delete "
              + stateDir
              + " to start afresh (its data is lost), or pass --url.",
          e);
    }
  }

  /**
   * A server whose owning process died (kill -9) still runs; stop it. One whose owner lives is in
   * use.
   */
  private static void stopOrphan(Path dataDir, Path ownerFile) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return;
    Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (postmaster.isEmpty() || !postmaster.get().isAlive()) return;
    if (Files.isRegularFile(ownerFile)) {
      Optional<ProcessHandle> owner =
          ProcessHandle.of(Long.parseLong(Files.readString(ownerFile).trim()));
      if (owner.isPresent()
          && owner.get().isAlive()
          && owner.get().pid() != ProcessHandle.current().pid()) {
        throw new StrataException(
            ExitCode.LOCKED,
            "The embedded database in "
                + dataDir
                + " is in use by another strata process (pid "
                + owner.get().pid()
                + "). Wait for it to finish.");
      }
    }
    // SIGINT is PostgreSQL's fast shutdown: abort transactions, stop cleanly.
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).start().waitFor();
      postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.get().destroyForcibly();
    }
  }

  /** A URL for connecting to the running server. */
  public String url() {
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  String describe() {
    Path cwd = Path.of("").toAbsolutePath();
    Path shown =
        dataDir.toAbsolutePath().startsWith(cwd)
            ? cwd.relativize(dataDir.toAbsolutePath())
            : dataDir;
    return "(" + shown + ")";
  }

  @Override
  public void close() {
    try {
      postgres.close();
      Files.deleteIfExists(ownerFile);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }
}
