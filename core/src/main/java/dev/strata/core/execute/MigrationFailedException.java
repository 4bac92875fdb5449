package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.util.Optional;

/** A migration statement failed on the server; the message names the file and line. */
public class MigrationFailedException extends StrataException {
  private static final long serialVersionUID = 1L;
  private final String migrationName;
  private final String location;
  private final String headline;
  private final Optional<String> sqlState;

  public MigrationFailedException(
      String migrationName,
      String location,
      String detail,
      Optional<String> sqlState,
      Throwable cause) {
    this(migrationName, location, detail, detail, sqlState, cause);
  }

  /**
   * @param headline what failed and where, without what to do next: for a caller that does the next
   *     step itself (production restores the backup and settles the history)
   */
  public MigrationFailedException(
      String migrationName,
      String location,
      String headline,
      String detail,
      Optional<String> sqlState,
      Throwable cause) {
    super(ExitCode.FAILED, detail, cause);
    this.migrationName = migrationName;
    this.location = location;
    this.headline = headline;
    this.sqlState = sqlState;
  }

  /** What failed and where, without advice. */
  public String headline() {
    return headline;
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
