package dev.strata.core.source;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum Flyway records in {@code flyway_schema_history.checksum}: a CRC-32 of the script's
 * lines, each fed as its UTF-8 bytes without its line ending, a leading byte-order mark left out,
 * taken as a signed 32-bit integer. So, as with Flyway, a file checked out with other line endings
 * keeps its checksum.
 */
public final class FlywayChecksum {
  private FlywayChecksum() {}

  public static int of(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    CRC32 crc = new CRC32();
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = start;
      while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
      crc.update(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
      // A line ends at \n, \r or \r\n, as BufferedReader.readLine sees it.
      if (end < length
          && text.charAt(end) == '\r'
          && end + 1 < length
          && text.charAt(end + 1) == '\n') end++;
      start = end + 1;
    }
    return (int) crc.getValue();
  }

  /** Whether {@code stored} is a checksum in Flyway's form: a signed 32-bit decimal integer. */
  public static boolean isFlywayForm(String stored) {
    if (stored == null || stored.isEmpty() || stored.length() > 11) return false;
    int i = stored.charAt(0) == '-' ? 1 : 0;
    if (i == stored.length()) return false;
    for (; i < stored.length(); i++) {
      if (stored.charAt(i) < '0' || stored.charAt(i) > '9') return false;
    }
    return true;
  }
}
