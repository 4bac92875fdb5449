package dev.strata.core.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a backup file before a restore touches anything: a Strata backup must have its manifest,
 * and its size and SHA-256 must match it (a truncated, flipped or foreign file is refused). A plain
 * SQL file made by pg_dump has no manifest: it is accepted as unverified.
 */
public final class BackupCheck {
  private BackupCheck() {}

  /** The verified manifest, or empty for a pg_dump file that cannot be verified. */
  public static Optional<BackupManifest> check(Path file) {
    Optional<BackupManifest> manifest = checkManifest(file);
    if (manifest.isPresent()) {
      try {
        if (!sha256(file).equals(manifest.get().sha256())) {
          throw refused(
              file,
              "its SHA-256 does not match its manifest (corrupted, or the manifest of another"
                  + " file)");
        }
      } catch (IOException e) {
        throw unreadable(file, e);
      }
    }
    return manifest;
  }

  /**
   * The manifest, checked against the file's size (a truncated or replaced file is refused), but
   * not its SHA-256: for a restore that hashes the file as it reads it ({@link ChecksumStream}).
   */
  public static Optional<BackupManifest> checkManifest(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new StrataException(ExitCode.USAGE, "Backup file " + file + " does not exist.");
    }
    Path manifestFile = BackupManifest.pathFor(file);
    if (!Files.isRegularFile(manifestFile)) {
      if (isStrataBackup(file)) {
        throw new StrataException(
            ExitCode.FAILED,
            "Backup "
                + file
                + " has no manifest ("
                + manifestFile.getFileName()
                + "), so it cannot be verified. Nothing was changed. Restore the manifest beside it.");
      }
      return Optional.empty();
    }
    BackupManifest manifest = BackupManifest.read(manifestFile);
    try {
      long size = Files.size(file);
      if (size != manifest.size()) {
        throw refused(
            file,
            "it has "
                + size
                + " bytes, its manifest says "
                + manifest.size()
                + " (truncated or replaced?)");
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return Optional.of(manifest);
  }

  private static StrataException unreadable(Path file, IOException e) {
    return new StrataException(
        ExitCode.FAILED,
        "Cannot read " + file + ": " + e.getMessage() + ". Nothing was changed.",
        e);
  }

  static StrataException refused(Path file, String why) {
    return new StrataException(
        ExitCode.FAILED, "Backup " + file + " is refused: " + why + ". Nothing was changed.");
  }

  /** Strata's backups start with its header, whatever the compression. */
  static boolean isStrataBackup(Path file) {
    Compression compression = Compression.ofFile(file.getFileName().toString());
    try (InputStream in = compression.decompress(Files.newInputStream(file))) {
      byte[] head = in.readNBytes(64);
      return new String(head, StandardCharsets.UTF_8).contains("Strata backup");
    } catch (IOException e) {
      return false;
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
