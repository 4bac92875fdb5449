package dev.strata.core.source;

/** How a migrations folder is laid out. */
public enum Layout {
  /** {@code <name>/migration.sql}, ordered bytewise by folder name. */
  PRISMA,
  /** {@code V<version>__<description>.sql}, ordered by version as Flyway compares versions. */
  FLYWAY,
  /** A folder with no migrations yet. */
  EMPTY
}
