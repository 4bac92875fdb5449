package dev.strata.core.source;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes a new, empty migration ({@code strata new}) in the folder's layout. */
public final class MigrationWriter {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

  private MigrationWriter() {}

  /** Returns the new migration.sql (Prisma layout) or V file (Flyway layout). */
  public static Path create(Path dir, String name, Clock clock) {
    String slug = slug(name);
    try {
      Files.createDirectories(dir);
      MigrationSet existing = MigrationSource.load(dir);
      if (existing.layout() == Layout.FLYWAY) return createFlyway(dir, slug, existing);
      // A well-formed 14-digit timestamp, unique in the folder even when two are made in one
      // second.
      LocalDateTime time = LocalDateTime.now(clock).withNano(0);
      Path folder;
      while (true) {
        String stamp = TIMESTAMP.format(time);
        boolean taken;
        try (var entries = Files.list(dir)) {
          taken = entries.anyMatch(p -> p.getFileName().toString().startsWith(stamp));
        }
        if (!taken) {
          folder = dir.resolve(stamp + "_" + slug);
          break;
        }
        time = time.plusSeconds(1);
      }
      Files.createDirectory(folder);
      Path script = folder.resolve("migration.sql");
      Files.writeString(
          script, "-- " + slug + ": write this migration's SQL here.\n", StandardCharsets.UTF_8);
      return script;
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot create the migration in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path createFlyway(Path dir, String slug, MigrationSet existing)
      throws IOException {
    BigInteger next = BigInteger.ONE;
    for (Migration m : existing.migrations()) {
      String version = m.name().substring(1, m.name().indexOf("__"));
      BigInteger major = FlywayVersion.parse(version).parts().get(0);
      if (major.compareTo(next) >= 0) next = major.add(BigInteger.ONE);
    }
    Path script = dir.resolve("V" + next + "__" + slug + ".sql");
    Files.writeString(
        script, "-- " + slug + ": write this migration's SQL here.\n", StandardCharsets.UTF_8);
    return script;
  }

  /** Lower-case letters, digits and single underscores, as Prisma names migrations. */
  static String slug(String name) {
    String slug =
        name.strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_+|_+$", "");
    if (slug.isEmpty()) {
      throw new StrataException(
          ExitCode.USAGE,
          "Migration name `"
              + name
              + "` has no letters or digits. Use a short description such as add_user_preferences.");
    }
    return slug;
  }
}
