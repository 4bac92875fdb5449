package dev.strata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A deterministic set of realistic PostgreSQL migrations (see {@link SchemaGenerator}) and the
 * three on-disk layouts the tools read: Prisma folders for strata, versioned files for Flyway (also
 * fed to psql), and one formatted-SQL changelog for Liquibase. The SQL of a migration is
 * byte-identical in every layout; only the framing around it differs.
 */
public final class Corpus {

  public static final long DEFAULT_SEED = 20_240_601L;

  /** One migration: its 1-based number, its name, its Prisma timestamp and its SQL. */
  public record Migration(int number, String name, String timestamp, String sql, int statements) {

    public String prismaFolder() {
      return timestamp + "_" + name;
    }

    public String flywayFile() {
      return "V" + number + "__" + name + ".sql";
    }
  }

  /**
   * What a database must contain after all migrations ran: object names per kind, and the total
   * number of seeded rows over {@code countedTables} (the audit log is excluded because its row
   * count depends on trigger firing order, not on the corpus alone).
   */
  public record Expectations(
      List<String> tables,
      List<String> views,
      List<String> functions,
      List<String> enums,
      List<String> countedTables,
      long rows) {}

  /**
   * How Liquibase receives each changeset. {@code SPLIT} ({@code splitStatements:true
   * endDelimiter:;}) lets Liquibase split on {@code ;} itself, which cuts dollar-quoted function
   * bodies apart (verified with liquibase-core 4.33: "Unterminated dollar quote"). {@code WHOLE}
   * ({@code splitStatements:false}) hands the changeset to the JDBC driver as one string, which
   * pgjdbc splits correctly. {@code AUTO} uses WHOLE only for changesets containing a dollar quote,
   * the per-changeset workaround a Liquibase user would write.
   */
  public enum LiquibaseSplit {
    SPLIT,
    WHOLE,
    AUTO;

    boolean splits(String sql) {
      return switch (this) {
        case SPLIT -> true;
        case WHOLE -> false;
        case AUTO -> !DOLLAR_QUOTE.matcher(sql).find();
      };
    }
  }

  /** {@code $$} or {@code $tag$}; the corpus uses no other {@code $} (no placeholders, no $1). */
  private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");

  /** Where {@link #write} put everything. */
  public record Layout(
      Path root,
      Path prismaDir,
      Path flywayDir,
      Path liquibaseChangelog,
      Path psqlSingleFile,
      List<Path> psqlFiles) {

    /** This layout, with psql fed another layout's files (the pending ones only). */
    Layout withPsqlOf(Layout other) {
      return new Layout(
          root, prismaDir, flywayDir, liquibaseChangelog, other.psqlSingleFile, other.psqlFiles);
    }
  }

  private final long seed;
  private final List<Migration> migrations;
  private final Expectations expectations;

  private Corpus(long seed, List<Migration> migrations, Expectations expectations) {
    this.seed = seed;
    this.migrations = List.copyOf(migrations);
    this.expectations = expectations;
  }

  public static Corpus generate(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one migration, got " + count);
    }
    SchemaGenerator generator = new SchemaGenerator(seed);
    List<Migration> migrations = generator.generate(count);
    return new Corpus(seed, migrations, generator.model().expectations());
  }

  public long seed() {
    return seed;
  }

  public List<Migration> migrations() {
    return migrations;
  }

  public Expectations expectations() {
    return expectations;
  }

  public int statementCount() {
    return migrations.stream().mapToInt(Migration::statements).sum();
  }

  public long sqlBytes() {
    return migrations.stream()
        .mapToLong(m -> m.sql().getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }

  /** Writes all layouts under {@code root}, which should be empty or absent. */
  public Layout write(Path root, LiquibaseSplit split) throws IOException {
    return write(root, split, migrations);
  }

  /**
   * Writes the layouts of {@code some} of this corpus's migrations: the first ones (what a database
   * already has) or the last ones (what psql, which keeps no history, is given as pending).
   */
  public Layout write(Path root, LiquibaseSplit split, List<Migration> some) throws IOException {
    Path prisma = Files.createDirectories(root.resolve("prisma"));
    Path flyway = Files.createDirectories(root.resolve("flyway"));
    Path liquibase = Files.createDirectories(root.resolve("liquibase"));
    Path psql = Files.createDirectories(root.resolve("psql"));

    // Prisma writes this next to its migrations; a Prisma-compatible reader must accept it
    write(
        prisma.resolve("migration_lock.toml"),
        "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n"
            + "provider = \"postgresql\"\n");

    StringBuilder changelog = new StringBuilder("--liquibase formatted sql\n");
    // psql -1 would make the whole session one transaction; per-migration BEGIN/COMMIT matches
    // what every other tool does (one transaction per migration)
    StringBuilder single = new StringBuilder();
    List<Path> files = new ArrayList<>();
    for (Migration m : some) {
      Path folder = Files.createDirectories(prisma.resolve(m.prismaFolder()));
      write(folder.resolve("migration.sql"), m.sql());
      Path file = flyway.resolve(m.flywayFile());
      write(file, m.sql());
      files.add(file);
      changelog
          .append("\n--changeset bench:")
          .append(m.number())
          .append(
              split.splits(m.sql())
                  ? " splitStatements:true endDelimiter:;"
                  : " splitStatements:false")
          .append('\n')
          .append(m.sql());
      single.append("BEGIN;\n").append(m.sql()).append("COMMIT;\n");
    }
    Path changelogFile = liquibase.resolve("changelog.sql");
    write(changelogFile, changelog.toString());
    Path singleFile = psql.resolve("all.sql");
    write(singleFile, single.toString());
    return new Layout(root, prisma, flyway, changelogFile, singleFile, List.copyOf(files));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
