package dev.strata.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes migration folders for tests. */
final class Migrations {
  private final Path dir;

  Migrations(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path add(String name, String sql) {
    try {
      Path folder = Files.createDirectories(dir.resolve(name));
      return Files.writeString(folder.resolve("migration.sql"), sql);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the migrations of {@code examples/<example>} into {@code target}, for a test that
   * changes them or whose runs write beside them.
   */
  static Path copyExample(String example, Path target) {
    copyTree(Path.of("../examples", example, "migrations").toAbsolutePath().normalize(), target);
    return target;
  }

  static void copyTree(Path source, Path target) {
    try (java.util.stream.Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path addDown(String name, String sql) {
    try {
      return Files.writeString(dir.resolve(name).resolve("down.sql"), sql);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
