package dev.strata.cli;

import java.nio.file.Path;

/** Paths as a user would type them: relative to the working directory when under it. */
final class Paths {
  private Paths() {}

  static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
