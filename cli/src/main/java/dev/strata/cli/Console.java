package dev.strata.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Where a command writes: results to {@code out}, progress, warnings and errors to {@code err}; the
 * environment it reads configuration from; and the cancellation Ctrl-C requests.
 */
public record Console(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> environment,
    dev.strata.core.execute.Cancellation cancellation) {

  public Console(PrintWriter out, PrintWriter err, Map<String, String> environment) {
    this(out, err, environment, new dev.strata.core.execute.Cancellation());
  }

  /** The target is production: the flag, or STRATA_ENV=production. */
  public boolean production(boolean flag) {
    return flag || "production".equalsIgnoreCase(environment.get("STRATA_ENV"));
  }

  public void warn(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  public void progress(String message) {
    err.println(message);
    err.flush();
  }
}
