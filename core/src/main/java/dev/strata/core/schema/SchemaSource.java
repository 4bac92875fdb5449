package dev.strata.core.schema;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.nio.file.Files;
import java.nio.file.Path;

/** One side of {@code strata diff}: a live database, a migrations folder or a schema file. */
public sealed interface SchemaSource {
  /** A database, by URL. */
  record Url(String url) implements SchemaSource {
    @Override
    public String toString() {
      return DatabaseUrls.mask(url);
    }
  }

  /** A migrations folder, built in a shadow database. */
  record Folder(Path dir) implements SchemaSource {
    @Override
    public String toString() {
      return dir.toString();
    }
  }

  /** A {@code .sql} file that builds a schema from an empty database, run in a shadow database. */
  record File(Path file) implements SchemaSource {
    @Override
    public String toString() {
      return file.toString();
    }
  }

  /**
   * Reads a command-line argument: a URL ({@code postgresql://…}, {@code jdbc:…}), an existing
   * folder, or an existing file.
   */
  static SchemaSource parse(String argument, Path workingDir) {
    if (argument.contains("://") || argument.startsWith("jdbc:")) return new Url(argument);
    Path path = workingDir.resolve(argument);
    if (Files.isDirectory(path)) return new Folder(path);
    if (Files.isRegularFile(path)) return new File(path);
    throw new StrataException(
        ExitCode.USAGE,
        "`"
            + argument
            + "` is neither a database URL (postgresql://…), a migrations folder nor a .sql file"
            + " that exists. Give one of those on each side of `strata diff FROM TO`.");
  }
}
