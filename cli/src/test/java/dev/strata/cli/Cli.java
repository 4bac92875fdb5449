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
    // Shadow databases go where a user's would: on the target's own server (every test server's
    // user may create databases), or on an embedded server started in the working directory.
    int code =
        Main.run(
            all.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env);
    return new Result(code, out.toString(), err.toString());
  }
}
