package dev.strata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the strata command in-process, as a test would type it. */
final class Cli {
  private Cli() {}

  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Result run(Path workingDir, String... args) {
    return runWithEnv(workingDir, Map.of(), args);
  }

  static Result runWithEnv(Path workingDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.isEmpty() && !all.get(0).equals("help") && !all.contains("-C")) {
      all.add("-C");
      all.add(workingDir.toString());
    }
    // Shadow databases (drift, diff, dev) go on the test JVM's embedded server, already running,
    // rather than on an embedded server each command would start in its working directory.
    Map<String, String> withShadow = new java.util.HashMap<>(env);
    withShadow.putIfAbsent(
        "STRATA_SHADOW_URL", dev.strata.testkit.TestServers.embedded().url("postgres"));
    int code =
        Main.run(
            all.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            withShadow);
    return new Result(code, out.toString(), err.toString());
  }
}
