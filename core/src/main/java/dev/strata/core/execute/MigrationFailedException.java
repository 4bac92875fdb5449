package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.util.Optional;

/** A migration statement failed on the server; the message names the file and line. */
public class MigrationFailedException extends StrataException {
  private static final long serialVersionUID = 1L;
  private final String migrationName;
  private final String location;
  private final Optional<String> sqlState;

  public MigrationFailedException(
      String migrationName,
      String location,
      String detail,
      Optional<String> sqlState,
      Throwable cause) {
    super(ExitCode.FAILED, detail, cause);
    this.migrationName = migrationName;
    this.location = location;
    this.sqlState = sqlState;
  }

  public String migrationName() {
    return migrationName;
  }

  /** {@code path/to/migration.sql:LINE}. */
  public String location() {
    return location;
  }

  public Optional<String> sqlState() {
    return sqlState;
  }
}
