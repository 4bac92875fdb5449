package dev.strata.embedded;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL that runs when no database URL is given: zonky's pinned binaries, data kept under
 * {@code .strata/postgres} so it survives between runs. One Strata process uses it at a time,
 * holding a lock on {@code .strata/owner.lock} (released by the system however the process ends); a
 * second process waits for it. A server left running by a killed process is stopped before a new
 * one starts.
 */
public final class EmbeddedServer implements AutoCloseable {
  /** How long a second process waits for the first to finish with the embedded database. */
  private static final Duration WAIT = Duration.ofMinutes(10);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final FileChannel lockFile;

  private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir, FileChannel lockFile) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.lockFile = lockFile;
  }

  /** Starts the server whose data lives in {@code stateDir/postgres}. */
  public static EmbeddedServer start(Path stateDir) {
    Path dataDir = stateDir.resolve("postgres");
    FileChannel lockFile = null;
    try {
      Files.createDirectories(stateDir);
      lockFile = lock(stateDir);
      stopOrphan(dataDir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "100")
              .start();
      return new EmbeddedServer(postgres, dataDir, lockFile);
    } catch (IOException | RuntimeException e) {
      closeQuietly(lockFile);
      if (e instanceof StrataException strata) throw strata;
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot start the embedded PostgreSQL in "
              + dataDir
              + ": "
              + e.getMessage()
              + ". No other strata process is using it; if this persists, move "
              + stateDir
              + " aside to start afresh (its data stays there), or pass --url.",
          e);
    }
  }

  /**
   * Takes the lock on the state folder, waiting while another strata process holds it: the two
   * would otherwise start two servers on one data folder.
   */
  private static FileChannel lock(Path stateDir) throws IOException {
    Path path = stateDir.resolve("owner.lock");
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean told = false;
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        channel.close();
        throw new StrataException(
            ExitCode.FAILED, "The embedded database in " + stateDir + " is already open here.", e);
      }
      if (lock != null) {
        channel.truncate(0);
        channel.write(
            java.nio.ByteBuffer.wrap(
                Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        return channel;
      }
      String holder = holder(path);
      if (System.nanoTime() > deadline) {
        channel.close();
        throw new StrataException(
            ExitCode.LOCKED,
            "The embedded database in "
                + stateDir
                + " has been in use by another strata process"
                + holder
                + " for "
                + WAIT.toMinutes()
                + " minutes. Wait for it to finish, or pass --url to use another database.");
      }
      if (!told) {
        System.err.println(
            "Waiting for another strata process"
                + holder
                + " to finish with the embedded database in "
                + stateDir
                + "...");
        told = true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.close();
        throw new StrataException(ExitCode.INTERRUPTED, "Interrupted while waiting.", e);
      }
    }
  }

  private static String holder(Path lockPath) {
    try {
      String pid = Files.readString(lockPath, StandardCharsets.UTF_8).strip();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /** A server whose process died (kill -9) may still run: this process holds the lock, stop it. */
  private static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return;
    Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (postmaster.isEmpty() || !postmaster.get().isAlive()) return;
    // SIGINT is PostgreSQL's fast shutdown: abort transactions, stop cleanly.
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).start().waitFor();
      postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.get().destroyForcibly();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }

  /** A URL for connecting to the running server. */
  public String url() {
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  public String describe() {
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
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
    } finally {
      closeQuietly(lockFile);
    }
  }
}
