package dev.strata.core.source;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a migrations folder in Prisma's layout ({@code <name>/migration.sql}) or Flyway's ({@code
 * V<version>__<description>.sql}). Accepts every name Prisma accepts and reports the odd ones as
 * warnings; refuses only what cannot be run safely (unreadable or non-UTF-8 files, duplicate
 * versions, names too long for the history table).
 */
public final class MigrationSource {
  private static final Pattern FLYWAY_FILE =
      Pattern.compile("([VUR])(.*?)__(.*)\\.sql", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCK_PROVIDER =
      Pattern.compile("^\\s*provider\\s*=\\s*\"([^\"]*)\"\\s*(#.*)?$");

  /** The history table's {@code migration_name} is a varchar(255). */
  private static final int MAX_NAME_BYTES = 255;

  private MigrationSource() {}

  /** The default folder: {@code ./migrations}, else {@code ./prisma/migrations} if that exists. */
  public static Path defaultDir(Path workingDir) {
    Path migrations = workingDir.resolve("migrations");
    Path prisma = workingDir.resolve("prisma").resolve("migrations");
    if (!Files.isDirectory(migrations) && Files.isDirectory(prisma)) return prisma;
    return migrations;
  }

  /**
   * The history table a database gets from this folder when it has none yet: Flyway's for Flyway
   * files, so that Flyway sees what Strata applied; Prisma's for Prisma folders with Prisma's
   * {@code migration_lock.toml}, so that Prisma does; Strata's own otherwise. Looks at names only.
   */
  public static dev.strata.core.history.HistoryTable freshHistoryTable(Path dir) {
    if (!Files.isDirectory(dir)) return dev.strata.core.history.HistoryTable.strata();
    boolean prismaFolders = false;
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) continue;
        if (Files.isRegularFile(entry) && FLYWAY_FILE.matcher(name).matches())
          return dev.strata.core.history.HistoryTable.flyway();
        if (Files.isRegularFile(entry.resolve("migration.sql"))) prismaFolders = true;
        else if (Files.isDirectory(entry) && containsFlywayFiles(entry))
          return dev.strata.core.history.HistoryTable.flyway();
      }
    } catch (IOException e) {
      return dev.strata.core.history.HistoryTable.strata(); // load() says what is wrong
    }
    return prismaFolders && Files.isRegularFile(dir.resolve("migration_lock.toml"))
        ? dev.strata.core.history.HistoryTable.prisma()
        : dev.strata.core.history.HistoryTable.strata();
  }

  public static MigrationSet load(Path dir) {
    return load(List.of(dir));
  }

  /**
   * The migrations of several folders taken as one (Flyway's several locations): ordered together,
   * a version or a name twice is an error as in one folder. The first folder is the set's own.
   */
  public static MigrationSet load(List<Path> dirs) {
    Path dir = dirs.get(0);
    List<String> warnings = new ArrayList<>();
    Optional<String> provider = Optional.empty();
    List<Path> prismaDirs = new ArrayList<>();
    List<Path> sqlFiles = new ArrayList<>();
    for (Path folder : dirs) {
      if (!Files.isDirectory(folder)) {
        throw new StrataException(
            ExitCode.USAGE,
            "Migrations folder "
                + folder
                + " does not exist. Pass --dir, or create it with `strata new NAME`.");
      }
      if (provider.isEmpty()) provider = readLockProvider(folder.resolve("migration_lock.toml"));
      list(folder, prismaDirs, sqlFiles, warnings);
    }
    if (!prismaDirs.isEmpty() && !sqlFiles.isEmpty()) {
      throw new StrataException(
          ExitCode.USAGE,
          "Migrations folder "
              + dir
              + " mixes Prisma folders ("
              + prismaDirs.get(0).getFileName()
              + "/migration.sql) and Flyway files ("
              + sqlFiles.get(0).getFileName()
              + "). Keep one layout per folder.");
    }
    if (!prismaDirs.isEmpty()) return loadPrisma(dir, prismaDirs, warnings, provider);
    if (!sqlFiles.isEmpty()) return loadFlyway(dir, sqlFiles, warnings, provider);
    return new MigrationSet(dir, Layout.EMPTY, List.of(), warnings, provider);
  }

  private static void list(
      Path dir, List<Path> prismaDirs, List<Path> sqlFiles, List<String> warnings) {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = fileName(entry);
        if (name.startsWith(".")) continue;
        if (Files.isDirectory(entry)) {
          if (Files.isRegularFile(entry.resolve("migration.sql"))) {
            prismaDirs.add(entry);
          } else if (containsFlywayFiles(entry)) {
            sqlFiles.addAll(flywayFilesUnder(entry));
          } else {
            warnings.add(
                "Folder " + entry + " has no migration.sql; it is not a migration and is skipped.");
          }
        } else if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
          sqlFiles.add(entry);
        }
      }
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read migrations folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A file's or folder's own name; a folder inside a jar may end with a slash. */
  private static String fileName(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static MigrationSet loadPrisma(
      Path dir, List<Path> folders, List<String> warnings, Optional<String> provider) {
    // Prisma sorts folder names as Rust strings: by their UTF-8 bytes.
    folders.sort(
        Comparator.comparing(
            p -> fileName(p).getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
    List<Migration> migrations = new ArrayList<>();
    Map<String, String> byTimestamp = new HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Path folder : folders) {
      String name = fileName(folder);
      if (!seen.add(name)) {
        throw new StrataException(
            ExitCode.USAGE,
            "Migration " + name + " is in two locations (" + folder + "). Keep one of them.");
      }
      Path script = folder.resolve("migration.sql");
      checkNameLength(name, script);
      warnings.addAll(PrismaNames.warnings(name, byTimestamp));
      byte[] content = read(script, warnings);
      Path down = folder.resolve("down.sql");
      migrations.add(
          new Migration(
              name,
              script,
              content,
              Files.isRegularFile(down) ? Optional.of(down) : Optional.empty()));
    }
    return new MigrationSet(dir, Layout.PRISMA, migrations, warnings, provider);
  }

  private static MigrationSet loadFlyway(
      Path dir, List<Path> files, List<String> warnings, Optional<String> provider) {
    TreeMap<FlywayVersion, Path> versioned = new TreeMap<>();
    // Flyway applies repeatable migrations after the versioned ones, by description.
    TreeMap<String, Path> repeatable = new TreeMap<>();
    Map<FlywayVersion, Path> undo = new HashMap<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      Matcher m = FLYWAY_FILE.matcher(fileName);
      if (!m.matches()) {
        warnings.add(
            "File " + file + " is not named V<version>__<description>.sql; it is skipped.");
        continue;
      }
      char prefix = Character.toUpperCase(m.group(1).charAt(0));
      if (prefix == 'R') {
        addRepeatable(repeatable, file, m.group(2), m.group(3));
        continue;
      }
      FlywayVersion version;
      try {
        version = FlywayVersion.parse(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new StrataException(
            ExitCode.USAGE,
            "File "
                + file
                + " has an invalid version `"
                + m.group(2)
                + "`: use digits separated by . or _ (for example V1_2__add_users.sql).");
      }
      Map<FlywayVersion, Path> target = prefix == 'V' ? versioned : undo;
      Path other = target.putIfAbsent(version, file);
      if (other != null) {
        throw new StrataException(
            ExitCode.USAGE,
            "Duplicate migration version "
                + version
                + ": "
                + other
                + " and "
                + file
                + ". Give one of them a new version.");
      }
    }
    List<Migration> migrations = new ArrayList<>();
    for (Map.Entry<FlywayVersion, Path> e : versioned.entrySet()) {
      Path script = e.getValue();
      String fileName = script.getFileName().toString();
      String name = fileName.substring(0, fileName.length() - ".sql".length());
      checkNameLength(name, script);
      migrations.add(
          new Migration(
              name, script, read(script, warnings), Optional.ofNullable(undo.get(e.getKey()))));
    }
    for (Path script : repeatable.values()) {
      String fileName = script.getFileName().toString();
      String name = fileName.substring(0, fileName.length() - ".sql".length());
      checkNameLength(name, script);
      migrations.add(
          new Migration(name, script, read(script, warnings), Optional.empty(), true, Map.of()));
    }
    return new MigrationSet(dir, Layout.FLYWAY, migrations, warnings, provider);
  }

  private static void addRepeatable(
      TreeMap<String, Path> repeatable, Path file, String version, String description) {
    if (!version.isEmpty()) {
      throw new StrataException(
          ExitCode.USAGE,
          "File "
              + file
              + " is named like a repeatable migration with a version; a repeatable migration has"
              + " none: name it R__"
              + description
              + ".sql.");
    }
    Path other = repeatable.putIfAbsent(description.replace('_', ' '), file);
    if (other != null) {
      throw new StrataException(
          ExitCode.USAGE,
          "Two repeatable migrations are described `"
              + description
              + "`: "
              + other
              + " and "
              + file
              + ". Rename one of them.");
    }
  }

  private static boolean containsFlywayFiles(Path folder) {
    return !flywayFilesUnder(folder).isEmpty();
  }

  private static List<Path> flywayFilesUnder(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> FLYWAY_FILE.matcher(p.getFileName().toString()).matches())
          .toList();
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void checkNameLength(String name, Path script) {
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new StrataException(
          ExitCode.USAGE,
          "Migration name of "
              + script
              + " is longer than "
              + MAX_NAME_BYTES
              + " bytes, which the history table cannot store. Shorten it.");
    }
  }

  private static byte[] read(Path script, List<String> warnings) {
    byte[] content;
    try {
      content = Files.readAllBytes(script);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read " + script + ": " + e.getMessage(), e);
    }
    if (!validUtf8(content)) {
      throw new StrataException(
          ExitCode.USAGE,
          script
              + " is not valid UTF-8 ("
              + firstBadByte(content)
              + "). Save it as UTF-8; the database would otherwise misread it.");
    }
    if (blank(content)) {
      warnings.add(script + " is empty: it will be recorded as applied without changing anything.");
    }
    return content;
  }

  /**
   * Decodes through a small buffer, so a 50 MB script is checked without a 100 MB copy of it in
   * memory.
   */
  private static boolean validUtf8(byte[] content) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
    while (true) {
      java.nio.charset.CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) return false;
      out.clear();
      if (result.isUnderflow()) {
        return !decoder.flush(out).isError();
      }
    }
  }

  /** Only whitespace (as String.isBlank sees it, for the ASCII that scripts are made of). */
  private static boolean blank(byte[] content) {
    for (byte b : content) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) return false;
    }
    return true;
  }

  private static String firstBadByte(byte[] content) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Binary search is overkill: decode growing prefixes line by line to find the line.
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        try {
          decoder.reset().decode(ByteBuffer.wrap(content, lineStart, i - lineStart));
        } catch (CharacterCodingException e) {
          return "line " + line;
        }
        line++;
        lineStart = i + 1;
      }
    }
    return "an incomplete character at the end";
  }

  private static Optional<String> readLockProvider(Path lockFile) {
    if (!Files.isRegularFile(lockFile)) return Optional.empty();
    try {
      for (String line : Files.readAllLines(lockFile, StandardCharsets.UTF_8)) {
        Matcher m = LOCK_PROVIDER.matcher(line);
        if (m.matches()) return Optional.of(m.group(1));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read " + lockFile + ": " + e.getMessage(), e);
    }
  }
}
