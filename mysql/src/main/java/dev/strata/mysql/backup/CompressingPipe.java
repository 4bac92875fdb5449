package dev.strata.mysql.backup;

import dev.strata.core.backup.BackupOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands the backup's text to a thread of its own that compresses and writes it, so reading rows
 * from the server and compressing them overlap (on two cores the compressor alone would take as
 * long as the read). A few pieces wait at most: memory stays bounded whatever the database's size.
 */
final class CompressingPipe implements AutoCloseable {
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> pieces = new ArrayBlockingQueue<>(4);
  private final Thread writer;
  private volatile Throwable failure;

  CompressingPipe(BackupOutput out) {
    writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  byte[] piece = pieces.take();
                  if (piece == END) return;
                  out.append(piece, piece.length);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (IOException | RuntimeException e) {
                failure = e;
                pieces.clear(); // unblock the reader; it sees the failure on its next piece
              }
            },
            "strata-backup-compress");
    writer.setDaemon(true);
    writer.start();
  }

  void appendText(String text) throws IOException {
    appendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Hands {@code bytes} over: the caller must not change them afterwards. */
  void appendBytes(byte[] bytes) throws IOException {
    check();
    try {
      pieces.put(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the backup", e);
    }
  }

  /** Waits until everything handed over is compressed and written. */
  void finish() throws IOException {
    check();
    try {
      pieces.put(END);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the backup", e);
    }
    check();
  }

  private void check() throws IOException {
    Throwable f = failure;
    if (f instanceof IOException io) throw io;
    if (f instanceof UncheckedIOException u) throw u.getCause();
    if (f instanceof RuntimeException r) throw r;
  }

  @Override
  public void close() {
    writer.interrupt();
  }
}
