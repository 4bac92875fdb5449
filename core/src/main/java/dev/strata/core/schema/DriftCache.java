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
 *
 * <p>Each entry also remembers the catalog stamps ({@link SchemaEngine#catalogStamp}) of the
 * databases whose live schema was found to have that fingerprint: a database whose catalog still
 * has one of them needs not even be read.
 */
final class DriftCache {
  private static final int KEEP = 32;

  /** Stamps kept per entry: the databases (development, staging, production...) checked lately. */
  private static final int STAMPS = 16;

  /** What is remembered of one state of the history. */
  record Entry(String fingerprint, List<String> stamps) {}

  private final Path dir;

  DriftCache(Path workingDir) {
    this.dir = workingDir.resolve(".strata").resolve("cache").resolve("drift");
  }

  /** Bumped when what a fingerprint covers changes. */
  private static final String FORMAT = "drift-cache/2";

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

  Optional<Entry> get(String key) {
    try {
      Path file = dir.resolve(key);
      if (!Files.isRegularFile(file)) return Optional.empty();
      List<String> lines =
          Files.readString(file, StandardCharsets.UTF_8)
              .strip()
              .lines()
              .map(String::strip)
              .toList();
      return lines.isEmpty() || lines.get(0).isEmpty()
          ? Optional.empty()
          : Optional.of(new Entry(lines.get(0), lines.subList(1, lines.size())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True if some entry remembers catalog stamp {@code stamp}. */
  boolean knowsStamp(String stamp) {
    try (var files = Files.list(dir)) {
      return files
          .filter(f -> !f.getFileName().toString().endsWith(".tmp"))
          .anyMatch(
              f ->
                  get(f.getFileName().toString())
                      .filter(e -> e.stamps().contains(stamp))
                      .isPresent());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Remembers {@code fingerprint} for {@code key}, with {@code stamp} (if any) among the stamps of
   * databases found to have it; stamps of an earlier entry with the same fingerprint are kept.
   */
  void put(String key, String fingerprint, Optional<String> stamp) {
    List<String> stamps = new java.util.ArrayList<>();
    stamp.ifPresent(stamps::add);
    get(key)
        .filter(e -> e.fingerprint().equals(fingerprint))
        .ifPresent(e -> e.stamps().stream().filter(s -> !stamps.contains(s)).forEach(stamps::add));
    List<String> lines = new java.util.ArrayList<>();
    lines.add(fingerprint);
    lines.addAll(stamps.subList(0, Math.min(STAMPS, stamps.size())));
    try {
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
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
