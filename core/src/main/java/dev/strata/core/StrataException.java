package dev.strata.core;

/**
 * An expected failure: its message is what the user reads (what failed, where, what to do next),
 * its exit code the category from DESIGN.md §5. Unexpected failures are any other exception.
 */
public class StrataException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public StrataException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public StrataException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
