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

  Path addDown(String name, String sql) {
    try {
      return Files.writeString(dir.resolve(name).resolve("down.sql"), sql);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
