package dev.strata.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * gzip pieces from libdeflate and from java.util.zip are members that any gzip reader takes, alone
 * or one after another, byte for byte.
 */
class GzipPiecesTest {
  @Test
  void libdeflateLoadsOnTheMachinesStrataShipsFor() {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch");
    boolean shipped =
        (os.contains("linux") || os.contains("mac") || os.contains("windows"))
            && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    if (shipped) assertThat(GzipPieces.nativeLoads()).isTrue();
  }

  @Test
  void piecesFromBothCompressorsReadBackAsOneStream() throws Exception {
    Random random = new Random(20261207);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < 40; i++) {
      byte[] piece = piece(random, i);
      // The buffer is longer than the piece: only `length` bytes are compressed.
      byte[] buffer = java.util.Arrays.copyOf(piece, piece.length + random.nextInt(100));
      byte[] member =
          i % 2 == 0
              ? GzipPieces.compress(buffer, piece.length)
              : GzipPieces.withZlib(buffer, piece.length);
      file.writeBytes(member);
      expected.writeBytes(piece);
    }
    try (InputStream in =
        Compression.GZIP.decompress(new ByteArrayInputStream(file.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
    }
  }

  /** Text like a dump's, random bytes, empty pieces and a large one. */
  private static byte[] piece(Random random, int i) {
    if (i % 7 == 3) return new byte[0];
    if (i % 5 == 1) {
      byte[] noise = new byte[random.nextInt(70_000)];
      random.nextBytes(noise);
      return noise;
    }
    StringBuilder text = new StringBuilder("INSERT INTO `t` (`id`, `v`) VALUES ");
    int rows = i == 10 ? 200_000 : random.nextInt(5_000);
    for (int r = 0; r < rows; r++)
      text.append(r == 0 ? "" : ",")
          .append('(')
          .append(r)
          .append(",'Zoë ☃ ")
          .append(random.nextInt())
          .append("')");
    return text.append(";\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
