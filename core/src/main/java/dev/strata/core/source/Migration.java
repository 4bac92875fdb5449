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

  public String sql() {
    return new String(content, StandardCharsets.UTF_8);
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
