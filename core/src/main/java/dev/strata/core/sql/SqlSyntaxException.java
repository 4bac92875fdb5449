package dev.strata.core.sql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;

/** A script that cannot be split into statements; the message names the 1-based line. */
public class SqlSyntaxException extends StrataException {
  private static final long serialVersionUID = 1L;
  private final int line;

  public SqlSyntaxException(int line, String message) {
    super(ExitCode.FAILED, "line " + line + ": " + message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
