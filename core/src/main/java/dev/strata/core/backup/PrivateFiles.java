package dev.strata.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a database's rows or error details quoting them (backups, manifests, run
 * records): readable by their owner alone.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  /**
   * Creates {@code file} with mode 0600 (the default mode where the file system has none).
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists
   */
  public static void create(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system
    }
  }
}
