package dev.strata.core.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One migration on disk.
 *
 * @param name the name recorded in the history table (Prisma: the folder name; Flyway: the file
 *     name without {@code .sql})
 * @param script the file that is run
 * @param content the script's bytes, checksummed as they are and run verbatim (decoded as UTF-8)
 *     once the placeholders, if any, are replaced
 * @param down the optional script that reverses it ({@code down.sql}, or Flyway's {@code U} file)
 * @param repeatable a Flyway {@code R__} migration: applied again whenever its checksum changes
 * @param placeholders {@code ${key}} replaced by the value in the text that runs (never in what is
 *     checksummed); a {@code ${...}} with no value given is left as written
 */
public record Migration(
    String name,
    Path script,
    byte[] content,
    Optional<Path> down,
    boolean repeatable,
    Map<String, String> placeholders) {

  public Migration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(down, "down");
    placeholders = Map.copyOf(placeholders);
  }

  public Migration(String name, Path script, byte[] content, Optional<Path> down) {
    this(name, script, content, down, false, Map.of());
  }

  /** The same migration with {@code values} for its placeholders. */
  public Migration withPlaceholders(Map<String, String> values) {
    return new Migration(name, script, content, down, repeatable, values);
  }

  /**
   * The bytes that run: {@link #content} with the placeholders replaced. The same array when there
   * are none, so a 50 MB script is not copied for nothing.
   */
  public byte[] runnable() {
    if (placeholders.isEmpty()) return content;
    return Placeholders.replace(new String(content, StandardCharsets.UTF_8), placeholders)
        .getBytes(StandardCharsets.UTF_8);
  }

  public String checksum() {
    return Checksum.of(this);
  }

  /** The script path as a user would type it: relative to the working directory when under it. */
  public String displayPath() {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = script.toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  /**
   * The script's text as it runs (placeholders replaced). A leading UTF-8 byte-order mark, which
   * some Windows editors write, is left out, as editors do: the server would read it as part of the
   * first statement.
   */
  public String sql() {
    byte[] bytes = runnable();
    int skip = textStart(bytes);
    return new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8);
  }

  /** Where the text of {@link #sql()} starts in {@link #runnable()}: after a byte-order mark. */
  public static int textStart(byte[] bytes) {
    return bytes.length >= 3
            && bytes[0] == (byte) 0xEF
            && bytes[1] == (byte) 0xBB
            && bytes[2] == (byte) 0xBF
        ? 3
        : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Migration m && m.name.equals(name) && m.script.equals(script);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, script);
  }

  @Override
  public String toString() {
    return name;
  }
}
