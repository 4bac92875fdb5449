package dev.strata.mysql.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a backup just written back from disk: its size and SHA-256 must be those of the bytes
 * written, as for PostgreSQL. The text is not decompressed again: the compressor's own checksums
 * are checked by every restore while it loads, and decompressing half a gigabyte of INSERTs took
 * the backup's last second.
 */
final class DumpVerifier {
  private DumpVerifier() {}

  static void verify(Path file, BackupManifest manifest) throws IOException {
    long size = Files.size(file);
    if (size != manifest.size() || size == 0)
      throw failed(file, "it has " + size + " bytes on disk, " + manifest.size() + " were written");
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(manifest.sha256()))
      throw failed(file, "its bytes on disk are not the bytes written");
  }

  private static StrataException failed(Path file, String why) {
    return new StrataException(
        ExitCode.FAILED,
        "The backup "
            + file
            + " did not verify after writing: "
            + why
            + ". Check the disk; no"
            + " backup was kept.");
  }
}
