package dev.strata.mysql.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
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
    Lines lines = new Lines();
    try (InputStream raw = new DigestInputStream(Files.newInputStream(file), digest);
        InputStream text = Compression.ofFile(file.getFileName().toString()).decompress(raw)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = text.read(buffer)) > 0; ) lines.scan(buffer, n);
      lines.end();
      raw.transferTo(java.io.OutputStream.nullOutputStream());
    }
    long tables = lines.tables;
    String sha = HexFormat.of().formatHex(digest.digest());
    if (Files.size(file) != manifest.size() || !sha.equals(manifest.sha256()))
      throw failed(file, "its bytes on disk are not the bytes written");
    if (tables != manifest.rowCounts().size())
      throw failed(file, "it holds " + tables + " tables, not " + manifest.rowCounts().size());
    if (!lines.lastIsEnd) throw failed(file, "it does not end with its last line");
  }

  private static final byte[] TABLE = "-- strata:table ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "-- strata:end".getBytes(StandardCharsets.UTF_8);

  /**
   * The lines of the decompressed text, looked at as bytes (the INSERT lines are a megabyte each;
   * decoding them only to look at their first characters took most of the check): how many start a
   * table, and whether the last non-empty one is the end line.
   */
  private static final class Lines {
    long tables;
    boolean lastIsEnd;
    private final byte[] start = new byte[TABLE.length];
    private int length;

    void scan(byte[] bytes, int n) {
      for (int i = 0; i < n; i++) {
        byte b = bytes[i];
        if (b == '\n') {
          lineDone();
        } else {
          if (length < start.length) start[length] = b;
          length++;
        }
      }
    }

    void end() {
      lineDone();
    }

    private void lineDone() {
      if (length == 0) return;
      if (length >= TABLE.length && java.util.Arrays.equals(start, TABLE)) tables++;
      lastIsEnd =
          length == END.length && java.util.Arrays.equals(start, 0, END.length, END, 0, END.length);
      length = 0;
    }
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
