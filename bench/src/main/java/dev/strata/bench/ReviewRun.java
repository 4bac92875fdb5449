package dev.strata.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code strata review --json} as a user of {@code ./strata} starts it: a whole OS process,
 * timed from spawn to exit, in a working directory of its own and with no database URL in its
 * environment, so the target and the shadow are the embedded PostgreSQL under {@code
 * <workdir>/.strata}. Then the checks that make the figure honest: the review ran on a server and
 * found what it should, and the server stopped with the JVM (so every run pays for its start).
 */
final class ReviewRun {
  private ReviewRun() {}

  /** Would point strata at another server than the embedded one; removed from the child's. */
  static final List<String> REMOVED_ENV = List.of("DATABASE_URL", "STRATA_SHADOW_URL");

  /** The migrations in examples/helpdesk/migrations. */
  static final int EXPECTED_MIGRATIONS = 19;

  /** Far beyond any sane run; only there so a hung review cannot hang the harness. */
  static final long TIMEOUT_MINUTES = 10;

  /** One timed run; {@code failure} null when every check passed. */
  record Outcome(double millis, Double reviewMillis, String shadow, String failure) {}

  static List<String> command(Path java, Path jar, Path migrations) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(StrataLauncher.flags(jar));
    command.addAll(
        List.of("-jar", jar.toString(), "review", "--dir", migrations.toString(), "--json"));
    return command;
  }

  /** Runs {@code command} in {@code workDir}; its stdout and stderr go to {@code log}(.stdout). */
  static Outcome run(List<String> command, Path workDir, Path log)
      throws IOException, InterruptedException {
    Path stdout = log.resolveSibling(log.getFileName() + ".stdout");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(log.toFile());
    Map<String, String> env = builder.environment();
    REMOVED_ENV.forEach(env::remove);
    long start = System.nanoTime();
    Process process = builder.start();
    boolean exited = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    double millis = (System.nanoTime() - start) / 1e6;
    if (!exited) {
      // our child and what it started (the embedded server), nothing else
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      return new Outcome(millis, null, null, "timed out after " + TIMEOUT_MINUTES + " minutes");
    }
    ReviewOutput out =
        ReviewOutput.read(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8));
    String failure =
        out.problem() != null
            ? out.problem() + " (stdout in " + stdout + ", stderr in " + log + ")"
            : embeddedServerProblem(workDir);
    return new Outcome(millis, out.reviewMillis(), out.shadow(), failure);
  }

  /**
   * Null when {@code workDir/.strata/postgres} holds a data directory and no server runs on it: the
   * review used the embedded server there, and it stopped when strata's JVM exited, so the next run
   * in this directory starts it again. A server still running is stopped (it is ours).
   */
  static String embeddedServerProblem(Path workDir) throws IOException, InterruptedException {
    Path dataDir = workDir.resolve(".strata").resolve("postgres");
    if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
      return "no PostgreSQL data directory in "
          + dataDir
          + ": the review did not use the embedded server of its working directory";
    }
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return null; // PostgreSQL removes it on a clean shutdown
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Optional<ProcessHandle> postmaster =
        lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (postmaster.isEmpty() || !postmaster.get().isAlive()) {
      return pidFile + " left behind: the embedded server was not shut down cleanly";
    }
    // SIGTERM: PostgreSQL's smart shutdown; no client is left, so it is quick
    postmaster.get().destroy();
    try {
      postmaster.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      postmaster.get().destroyForcibly();
    }
    return "the embedded server (pid "
        + postmaster.get().pid()
        + ") still ran after strata exited (stopped by the harness), so a warm run would not"
        + " include its start-up";
  }
}
