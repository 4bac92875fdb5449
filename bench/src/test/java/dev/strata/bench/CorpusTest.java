package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast and database-free: the corpus is reproducible and every layout carries the same SQL. */
class CorpusTest {

  private static final int COUNT = 400;

  /** Fewer for the layout check: writing files dominates, and 120 cover every migration kind. */
  private static final int WRITTEN = 120;

  private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[a-z]*\\$");
  private static final Pattern CHANGESET = Pattern.compile("\n--changeset bench:(\\d+) ([^\n]*)\n");

  @Test
  void sameSeedGivesTheSameCorpusAndAnotherSeedDoesNot() {
    Corpus a = Corpus.generate(COUNT, Corpus.DEFAULT_SEED);
    Corpus b = Corpus.generate(COUNT, Corpus.DEFAULT_SEED);
    assertThat(b.migrations()).isEqualTo(a.migrations());
    assertThat(b.expectations()).isEqualTo(a.expectations());
    assertThat(Corpus.generate(COUNT, Corpus.DEFAULT_SEED + 1).migrations())
        .isNotEqualTo(a.migrations());
  }

  @Test
  void migrationsAreRealisticallySizedAndTransactionSafe() {
    Corpus corpus = Corpus.generate(COUNT, Corpus.DEFAULT_SEED);
    assertThat(corpus.migrations())
        .hasSize(COUNT)
        .allSatisfy(
            m -> {
              assertThat(m.statements()).isBetween(1, SqlScript.MAX_STATEMENTS);
              assertThat(m.sql())
                  .doesNotContainIgnoringCase("CONCURRENTLY")
                  // Flyway would substitute ${...} placeholders
                  .doesNotContain("${")
                  .endsWith(";\n");
            });
    String all =
        String.join("\n", corpus.migrations().stream().map(Corpus.Migration::sql).toList());
    assertThat(all)
        .contains(
            "CREATE TABLE",
            "REFERENCES",
            "CREATE INDEX",
            "ALTER TABLE",
            "ADD COLUMN",
            "CREATE VIEW",
            "CREATE OR REPLACE FUNCTION",
            "LANGUAGE plpgsql",
            "$$",
            "CREATE TRIGGER",
            "CREATE TYPE",
            "COMMENT ON",
            "INSERT INTO",
            "UPDATE ",
            "/*",
            "-- ");
    assertThat(corpus.expectations().tables()).hasSizeGreaterThan(COUNT / 5);
  }

  @Test
  void everyLayoutHoldsTheSameSql(@TempDir Path dir) throws IOException {
    Corpus corpus = Corpus.generate(WRITTEN, Corpus.DEFAULT_SEED);
    Corpus.Layout layout = corpus.write(dir, Corpus.LiquibaseSplit.AUTO);
    List<Corpus.Migration> migrations = corpus.migrations();

    // Prisma: folders sort by name in migration order, timestamps have 14 digits
    List<Path> folders;
    try (Stream<Path> list = Files.list(layout.prismaDir())) {
      folders = list.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(folders).hasSize(WRITTEN);
    assertThat(layout.prismaDir().resolve("migration_lock.toml")).exists();
    for (int i = 0; i < WRITTEN; i++) {
      Corpus.Migration m = migrations.get(i);
      assertThat(folders.get(i).getFileName().toString())
          .matches("\\d{14}_m\\d{4}")
          .isEqualTo(m.prismaFolder());
      assertThat(read(folders.get(i).resolve("migration.sql"))).isEqualTo(m.sql());
      // Flyway and the per-file psql runs read the same files
      assertThat(layout.psqlFiles().get(i))
          .isEqualTo(layout.flywayDir().resolve("V" + (i + 1) + "__" + m.name() + ".sql"));
      assertThat(read(layout.psqlFiles().get(i))).isEqualTo(m.sql());
    }

    // Liquibase: one changeset per migration, body identical, split only where safe
    String changelog = read(layout.liquibaseChangelog());
    assertThat(changelog).startsWith("--liquibase formatted sql\n");
    Matcher header = CHANGESET.matcher(changelog);
    List<int[]> bounds = new ArrayList<>();
    List<String> options = new ArrayList<>();
    while (header.find()) {
      assertThat(Integer.parseInt(header.group(1))).isEqualTo(bounds.size() + 1);
      bounds.add(new int[] {header.start(), header.end()});
      options.add(header.group(2));
    }
    assertThat(bounds).hasSize(WRITTEN);
    for (int i = 0; i < WRITTEN; i++) {
      int end = i + 1 < WRITTEN ? bounds.get(i + 1)[0] : changelog.length();
      String sql = migrations.get(i).sql();
      assertThat(changelog.substring(bounds.get(i)[1], end)).isEqualTo(sql);
      assertThat(options.get(i))
          .isEqualTo(
              DOLLAR_QUOTE.matcher(sql).find()
                  ? "splitStatements:false"
                  : "splitStatements:true endDelimiter:;");
    }

    // psql single run: each migration inside its own BEGIN/COMMIT, in order
    StringBuilder expected = new StringBuilder();
    migrations.forEach(m -> expected.append("BEGIN;\n").append(m.sql()).append("COMMIT;\n"));
    assertThat(read(layout.psqlSingleFile())).isEqualTo(expected.toString());
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
