package dev.strata.core;

/** Process exit codes, as documented in the README and DESIGN.md §5. */
public enum ExitCode {
  OK(0),
  FAILED(1),
  USAGE(2),
  PENDING(3),
  /** Drift, or a modified, missing or failed migration. */
  NEEDS_ATTENTION(4),
  LOCKED(5),
  REFUSED(6),
  /** Stopped by Ctrl-C or SIGTERM, after the server's work was cancelled and rolled back. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
