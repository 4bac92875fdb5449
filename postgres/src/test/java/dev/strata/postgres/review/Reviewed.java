package dev.strata.postgres.review;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.Finding;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Migrations written to disk and loaded as Strata loads them, planned as PostgresRunner.analyze
 * plans them, then checked by the static rules.
 */
final class Reviewed {
  private static final AtomicInteger FOLDERS = new AtomicInteger();

  private Reviewed() {}

  /** The findings for one migration (with a down.sql) against a target holding {@code existing}. */
  static List<Finding> check(Path dir, String sql, String... existing) {
    return StaticRules.check(plan(dir, sql, true), Set.of(existing));
  }

  /** The findings with {@code code}. */
  static List<Finding> only(String code, List<Finding> findings) {
    return findings.stream().filter(f -> f.code().equals(code)).toList();
  }

  static ScriptPlan plan(Path dir, String sql, boolean withDown) {
    try {
      Path folder = dir.resolve("m" + FOLDERS.incrementAndGet());
      Path migration = Files.createDirectories(folder.resolve("20240101000000_reviewed"));
      Files.writeString(migration.resolve("migration.sql"), sql);
      if (withDown) Files.writeString(migration.resolve("down.sql"), "SELECT 1;\n");
      return plan(MigrationSource.load(folder).migrations().get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the deploy decides: the statements, and why it must run stepwise. */
  static ScriptPlan plan(Migration migration) {
    return dev.strata.postgres.sql.ScriptAnalysis.plan(migration);
  }
}
