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
    int code = run(args, out, err, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command in-process and returns its exit code (DESIGN.md §5); used by tests too. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    return StrataCommand.commandLine(out, err, environment).execute(args);
  }
}
