package dev.strata.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code strata} command's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    var cancellation = new dev.strata.core.execute.Cancellation();
    Interrupts.install(cancellation, err);
    int code = run(args, out, err, System.getenv(), cancellation);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command in-process and returns its exit code (DESIGN.md §5); used by tests too. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    return run(args, out, err, environment, new dev.strata.core.execute.Cancellation());
  }

  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      dev.strata.core.execute.Cancellation cancellation) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Nothing to parse: answered before the command line is built, in the time the JVM starts.
      for (String line : new StrataCommand.Version().getVersion()) out.println(line);
      return 0;
    }
    try {
      return StrataCommand.commandLine(args, out, err, environment, cancellation).execute(args);
    } catch (Error e) {
      // picocli passes only Exceptions to its handler; say what broke in one line all the same.
      boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
      err.println(
          "Error: unexpected failure: " + e + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) e.printStackTrace(err);
      err.flush();
      return dev.strata.core.ExitCode.FAILED.code();
    }
  }
}
