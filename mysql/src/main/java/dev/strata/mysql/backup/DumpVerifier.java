package dev.strata.mysql.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a backup just written back from disk: its size and SHA-256 are the manifest's, every
 * compressed piece decompresses, each table written is in it, and it ends with its last line.
 */
final class DumpVerifier {
  private DumpVerifier() {}

  static void verify(Path file, BackupManifest manifest) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long tables = 0;
    String last = "";
    try (InputStream raw = new DigestInputStream(Files.newInputStream(file), digest);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    Compression.ofFile(file.getFileName().toString()).decompress(raw),
                    StandardCharsets.UTF_8),
                1 << 16)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("-- strata:table ")) tables++;
        if (!line.isEmpty()) last = line;
      }
      raw.transferTo(java.io.OutputStream.nullOutputStream());
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (Files.size(file) != manifest.size() || !sha.equals(manifest.sha256()))
      throw failed(file, "its bytes on disk are not the bytes written");
    if (tables != manifest.rowCounts().size())
      throw failed(file, "it holds " + tables + " tables, not " + manifest.rowCounts().size());
    if (!last.equals("-- strata:end")) throw failed(file, "it does not end with its last line");
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
