package dev.strata.core.schema;

import dev.strata.core.source.Migration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the applied migrations build, remembered between runs: the fingerprint of the schema a
 * shadow database got from them, keyed by everything that decides it (each applied migration's name
 * and checksum, the history table, the catalog version). When the live schema has that fingerprint,
 * there is no drift, and no shadow database is needed to say so; any other answer is checked the
 * slow way. Kept in {@code .strata/cache/drift/}, one small file per key; a folder that cannot be
 * written just means no cache.
 */
final class DriftCache {
  private static final int KEEP = 32;

  private final Path dir;

  DriftCache(Path workingDir) {
    this.dir = workingDir.resolve(".strata").resolve("cache").resolve("drift");
  }

  /** Bumped when what a fingerprint covers changes. */
  private static final String FORMAT = "drift-cache/1";

  static String key(List<Migration> applied, String historyTable, String catalogVersion) {
    MessageDigest digest = sha256();
    update(digest, FORMAT);
    update(digest, catalogVersion);
    update(digest, historyTable);
    for (Migration m : applied) update(digest, m.name() + " " + m.checksum());
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The fingerprint of a schema: its statements, in order. */
  static String fingerprint(Schema schema) {
    MessageDigest digest = sha256();
    for (String statement : schema.statements()) update(digest, statement);
    return HexFormat.of().formatHex(digest.digest());
  }

  Optional<String> get(String key) {
    try {
      Path file = dir.resolve(key);
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void put(String key, String fingerprint) {
    try {
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(temporary, fingerprint, StandardCharsets.UTF_8);
      Files.move(
          temporary,
          dir.resolve(key),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      prune();
    } catch (IOException | RuntimeException e) {
      // A read-only working directory: drift is checked the slow way each time.
    }
  }

  /** Keeps the newest entries: one per state of the history a project went through lately. */
  private void prune() throws IOException {
    try (var files = Files.list(dir)) {
      List<Path> all =
          files
              .sorted(
                  java.util.Comparator.comparing(
                          (Path p) -> {
                            try {
                              return Files.getLastModifiedTime(p).toMillis();
                            } catch (IOException e) {
                              return 0L;
                            }
                          })
                      .reversed())
              .toList();
      for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
        Files.deleteIfExists(old);
      }
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
