package dev.strata.core.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Migration checksums exactly as Prisma computes and compares them: SHA-256 of the file's bytes as
 * 64 lower-case hex digits; a stored checksum also matches the file with its line endings swapped
 * (CRLF to LF, or LF to CRLF), so a Windows checkout of an applied migration is not "modified". A
 * stored checksum in Flyway's form (a decimal integer) is compared as Flyway does, see {@link
 * FlywayChecksum}.
 */
public final class Checksum {
  private Checksum() {}

  /**
   * The checksums of migration files, each asked for several times in a run (the plan, the drift
   * cache's key; in a fleet, once per target): by the identity of the bytes a {@link Migration}
   * holds, which nothing changes once read.
   */
  private static final java.util.Map<byte[], String> OF_MIGRATIONS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The checksum of a migration's file, computed once per run. */
  public static String of(Migration migration) {
    return OF_MIGRATIONS.computeIfAbsent(migration.content(), Checksum::of);
  }

  /** As {@link #matches(String, byte[])} for a migration's file, its own checksum computed once. */
  public static boolean matches(String stored, Migration migration) {
    if (stored != null
        && !FlywayChecksum.isFlywayForm(stored.trim())
        && stored.trim().toLowerCase(java.util.Locale.ROOT).equals(of(migration))) return true;
    return matches(stored, migration.content());
  }

  public static String of(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * True if {@code stored} is the checksum of {@code content} or of it with line endings swapped.
   */
  public static boolean matches(String stored, byte[] content) {
    if (stored == null) return false;
    // A history kept in Flyway's form (its own table, or Strata's beside it) stores Flyway's CRC.
    if (FlywayChecksum.isFlywayForm(stored.trim()))
      return Integer.parseInt(stored.trim()) == FlywayChecksum.of(content);
    String expected = stored.trim().toLowerCase(java.util.Locale.ROOT);
    if (expected.equals(of(content))) return true;
    String text = new String(content, StandardCharsets.UTF_8);
    String lf = text.replace("\r\n", "\n");
    if (expected.equals(of(lf.getBytes(StandardCharsets.UTF_8)))) return true;
    String crlf = lf.replace("\n", "\r\n");
    return expected.equals(of(crlf.getBytes(StandardCharsets.UTF_8)));
  }
}
