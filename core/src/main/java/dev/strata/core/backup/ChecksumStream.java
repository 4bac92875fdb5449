package dev.strata.core.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A backup file's bytes as the restore reads them, hashed on the way, so that the SHA-256 check
 * costs no pass of its own: the restore loads into a staging database and swaps it in only after
 * {@link #requireMatch} passed. Used when there is no safety backup to take first (which a damaged
 * file must not cause, so then the file is checked before anything starts).
 */
public final class ChecksumStream extends FilterInputStream {
  private final Path file;
  private final MessageDigest digest;
  private long consumed;
  private boolean closed;

  public ChecksumStream(Path file) throws IOException {
    super(java.nio.file.Files.newInputStream(file));
    this.file = file;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      consumed++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      consumed += n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    in.close();
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too: read them instead.
    return transferTo(OutputStream.nullOutputStream(), n);
  }

  private long transferTo(OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    while (done < limit) {
      int n = read(buffer, 0, (int) Math.min(buffer.length, limit - done));
      if (n < 0) break;
      out.write(buffer, 0, n);
      done += n;
    }
    return done;
  }

  /**
   * Reads what the restore left unread, then refuses the file unless its SHA-256 is the manifest's.
   *
   * @throws dev.strata.core.StrataException FAILED, saying nothing was changed
   */
  public void requireMatch(BackupManifest manifest) throws IOException {
    if (closed) {
      // Closed by a failed load (its streams close first): hash the rest from where it stopped.
      in = java.nio.file.Files.newInputStream(file);
      in.skipNBytes(consumed);
      closed = false;
    }
    transferTo(OutputStream.nullOutputStream(), Long.MAX_VALUE);
    in.close();
    if (!HexFormat.of().formatHex(digest.digest()).equals(manifest.sha256())) {
      throw BackupCheck.refused(
          file,
          "its SHA-256 does not match its manifest (corrupted, or the manifest of another file)");
    }
  }
}
