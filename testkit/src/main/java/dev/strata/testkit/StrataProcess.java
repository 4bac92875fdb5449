package dev.strata.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the strata CLI as a separate JVM on the test class path: for tests that kill it, run it
 * concurrently, or need its real exit code.
 */
public final class StrataProcess {
  private StrataProcess() {}

  public static ProcessBuilder builder(Path workingDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.strata.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("STRATA_SHADOW_URL");
    return builder;
  }

  public static Process start(Path workingDir, File output, String... args) throws IOException {
    return builder(workingDir, args).redirectErrorStream(true).redirectOutput(output).start();
  }
}
