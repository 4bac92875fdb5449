package dev.strata.core.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One migration on disk.
 *
 * @param name the name recorded in the history table (Prisma: the folder name; Flyway: the file
 *     name without {@code .sql})
 * @param script the file that is run
 * @param content the script's bytes, checksummed as they are and run verbatim (decoded as UTF-8)
 * @param down the optional script that reverses it ({@code down.sql}, or Flyway's {@code U} file)
 */
public record Migration(String name, Path script, byte[] content, Optional<Path> down) {

  public Migration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(down, "down");
  }

  public String checksum() {
    return Checksum.of(content);
  }

  /** The script path as a user would type it: relative to the working directory when under it. */
  public String displayPath() {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = script.toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  /**
   * The script's text. A leading UTF-8 byte-order mark, which some Windows editors write, is left
   * out, as editors do: the server would read it as part of the first statement.
   */
  public String sql() {
    int skip = textStart();
    return new String(content, skip, content.length - skip, StandardCharsets.UTF_8);
  }

  /** Where the text of {@link #sql()} starts in {@link #content()}: after a byte-order mark. */
  public int textStart() {
    return content.length >= 3
            && content[0] == (byte) 0xEF
            && content[1] == (byte) 0xBB
            && content[2] == (byte) 0xBF
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
