package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.BackupOutput;
import dev.strata.core.backup.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of a backup just written: read back from disk, its size and SHA-256. */
class DumpVerifierTest {
  @TempDir Path dir;

  /** A file of {@code text}, in pieces as the backup writes it, and its manifest for 2 tables. */
  private BackupManifest write(Path file, List<String> pieces, int tables) throws Exception {
    Compression compression = Compression.ofFile(file.getFileName().toString());
    long size;
    String sha;
    try (BackupOutput out = new BackupOutput(file, compression)) {
      for (String piece : pieces) out.appendText(piece);
      out.sync();
      size = out.size();
      sha = out.sha256();
    }
    Map<String, Long> rows = new java.util.LinkedHashMap<>();
    for (int i = 0; i < tables; i++) rows.put("t" + i, 1L);
    return new BackupManifest(
        file.getFileName().toString(),
        size,
        sha,
        "db",
        "gzip",
        rows,
        "fingerprint",
        Optional.empty(),
        "10.11",
        "test",
        Instant.EPOCH,
        Instant.EPOCH,
        List.of());
  }

  private static List<String> dump(String end) {
    // A long INSERT line, cut into pieces at arbitrary places, as the compressor receives them.
    String insert = "INSERT INTO `t1` (`a`) VALUES " + "('x\\n-- strata:table no'),".repeat(40_000);
    return List.of(
        DumpWriter.header("10.11", Instant.EPOCH),
        "\n-- strata:table t0\nDROP TABLE IF EXISTS `t0`;\nCREATE TABLE `t0` (a int);\n",
        "\n-- strata:tab",
        "le t1\n" + insert.substring(0, 123_457),
        insert.substring(123_457) + "('y');\n",
        end);
  }

  @Test
  void aWholeBackupVerifies() throws Exception {
    Path file = dir.resolve("backup.sql.gz");
    BackupManifest manifest = write(file, dump(DumpWriter.FOOTER), 2);
    assertThatCode(() -> DumpVerifier.verify(file, manifest)).doesNotThrowAnyException();
  }

  @Test
  void aFileCutShortOrLongerIsRefused() throws Exception {
    Path file = dir.resolve("backup.sql.gz");
    BackupManifest manifest = write(file, dump(DumpWriter.FOOTER), 2);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> DumpVerifier.verify(file, manifest))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("bytes on disk, " + bytes.length + " were written");
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length + 1));
    assertThatThrownBy(() -> DumpVerifier.verify(file, manifest))
        .hasMessageContaining("were written");
  }

  @Test
  void bytesChangedOnDiskAreFound() throws Exception {
    Path file = dir.resolve("backup.sql.gz");
    BackupManifest manifest = write(file, dump(DumpWriter.FOOTER), 2);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> DumpVerifier.verify(file, manifest)).isInstanceOf(Exception.class);
    assertThat(Files.size(file)).isEqualTo(manifest.size());
  }
}
