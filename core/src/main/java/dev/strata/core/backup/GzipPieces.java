package dev.strata.core.backup;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses one piece of a backup into a whole gzip member. libdeflate does it in about half the
 * time of java.util.zip's zlib at the same level, for a member a few percent smaller (measured on
 * the MySQL benchmark's INSERTs: 300 MB in 0.48-0.60 s against 0.94-0.98 s); a backup's speed on a
 * few cores is the compressor's. Where its native library cannot load (another platform, a
 * temporary folder mounted noexec), java.util.zip does the same job.
 */
final class GzipPieces {
  /**
   * Level 1: on a 2-core machine the compressor, not the database, limits a backup's speed, and
   * higher levels cost several times more for a file about a tenth smaller.
   */
  private static final int LEVEL = 1;

  /** A compressor per thread: each holds native state that one thread at a time may use. */
  private static final ThreadLocal<LibdeflateCompressor> NATIVE =
      ThreadLocal.withInitial(() -> new LibdeflateCompressor(LEVEL));

  private static final boolean NATIVE_LOADS = loads();

  private GzipPieces() {}

  static byte[] compress(byte[] data, int length) {
    if (NATIVE_LOADS) return NATIVE.get().gzipCompress(data, 0, length);
    return withZlib(data, length);
  }

  /** Whether libdeflate is used here (false: java.util.zip). */
  static boolean nativeLoads() {
    return NATIVE_LOADS;
  }

  static byte[] withZlib(byte[] data, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 3));
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(out, 64 * 1024) {
          {
            def.setLevel(LEVEL);
          }
        }) {
      gzip.write(data, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static boolean loads() {
    try {
      NATIVE.get().gzipCompress(new byte[] {1, 2, 3}, 0, 3);
      return true;
    } catch (LinkageError | RuntimeException e) {
      NATIVE.remove();
      return false;
    }
  }
}
