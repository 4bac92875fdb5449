package dev.strata.core.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The backup file being written: self-contained compressed pieces appended one after another, the
 * SHA-256 and size kept as they are written. Created with mode 0600: a backup holds all the data.
 */
public final class BackupOutput implements AutoCloseable {
  private final FileChannel channel;
  private final Compression compression;
  private final MessageDigest digest;
  private long size;

  public BackupOutput(Path file, Compression compression) throws IOException {
    this.compression = compression;
    PrivateFiles.create(file);
    this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public void appendText(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    append(bytes, bytes.length);
  }

  /** Compresses the raw bytes as one piece (outside any lock) and appends it. */
  public void append(byte[] raw, int length) throws IOException {
    appendCompressed(compression.compress(raw, length));
  }

  public synchronized void appendCompressed(byte[] piece) throws IOException {
    digest.update(piece);
    ByteBuffer buffer = ByteBuffer.wrap(piece);
    while (buffer.hasRemaining()) channel.write(buffer);
    size += piece.length;
  }

  public synchronized long size() {
    return size;
  }

  public synchronized String sha256() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flushes the file to disk: a backup that exists only in the page cache is not a backup. */
  public void sync() throws IOException {
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
