package dev.strata.postgres.review;

import java.util.List;

/**
 * PostgreSQL's table lock modes, weakest first, and which of them stop the application: the
 * conflict table of the documentation ("Explicit Locking", table 13.2) read for the two locks an
 * application takes, ROW EXCLUSIVE (INSERT, UPDATE, DELETE) and ACCESS SHARE (SELECT).
 */
final class LockModes {
  /** pg_locks.mode values in order of strength. */
  private static final List<String> ORDER =
      List.of(
          "AccessShareLock",
          "RowShareLock",
          "RowExclusiveLock",
          "ShareUpdateExclusiveLock",
          "ShareLock",
          "ShareRowExclusiveLock",
          "ExclusiveLock",
          "AccessExclusiveLock");

  private LockModes() {}

  static int strength(String mode) {
    return ORDER.indexOf(mode);
  }

  /**
   * {@code AccessExclusiveLock} → {@code ACCESS EXCLUSIVE}, as the documentation and LOCK TABLE
   * name it.
   */
  static String words(String mode) {
    String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
    return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
  }

  /** Conflicts with ROW EXCLUSIVE: SHARE and stronger. */
  static boolean blocksWrites(String mode) {
    return strength(mode) >= strength("ShareLock");
  }

  /** Conflicts with ACCESS SHARE: only ACCESS EXCLUSIVE. */
  static boolean blocksReads(String mode) {
    return mode.equals("AccessExclusiveLock");
  }
}
