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
