package dev.strata.core.backup;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How a backup file is compressed. Each piece of a backup is compressed on its own (a gzip member,
 * a zstd frame) so pieces can be compressed in parallel and simply concatenated: both formats
 * define a concatenation of members as one valid stream, so {@code gunzip -c} and {@code zstd -dc}
 * read the whole file.
 */
public enum Compression {
  GZIP(".sql.gz"),
  ZSTD(".sql.zst"),
  NONE(".sql");

  private static final int ZSTD_LEVEL = 3;

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public static Compression parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown compression `" + name + "`: use gzip, zstd or none");
    }
  }

  /** The compression of a file, from its name. */
  public static Compression ofFile(String fileName) {
    if (fileName.endsWith(".gz")) return GZIP;
    if (fileName.endsWith(".zst")) return ZSTD;
    return NONE;
  }

  /** Compresses one self-contained piece (a member or frame that may be concatenated to others). */
  public byte[] compress(byte[] data, int length) {
    switch (this) {
      case NONE:
        return java.util.Arrays.copyOf(data, length);
      case ZSTD:
        byte[] slice = length == data.length ? data : java.util.Arrays.copyOf(data, length);
        return Zstd.compress(slice, ZSTD_LEVEL);
      default:
        return GzipPieces.compress(data, length);
    }
  }

  /** Decompresses a whole file's stream, reading every concatenated member or frame. */
  public InputStream decompress(InputStream raw) throws IOException {
    InputStream buffered = new BufferedInputStream(raw, 1 << 16);
    return switch (this) {
      case GZIP -> new GZIPInputStream(buffered, 1 << 16);
      case ZSTD -> new ZstdInputStream(buffered);
      case NONE -> buffered;
    };
  }
}
