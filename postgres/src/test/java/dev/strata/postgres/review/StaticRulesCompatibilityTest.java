package dev.strata.postgres.review;

import static dev.strata.postgres.review.Reviewed.check;
import static dev.strata.postgres.review.Reviewed.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules about changes that break running code or lose data: about tables the target has, since
 * nothing uses a table that a migration of the same batch creates.
 */
class StaticRulesCompatibilityTest {
  static final String TIMEOUT = "SET lock_timeout = '5s';\n";

  @TempDir Path dir;

  @Test
  void columnTypeChangeIsAnError() {
    String sql =
        TIMEOUT
            + "ALTER TABLE tickets ALTER COLUMN subject TYPE varchar(500);\n"
            + "ALTER TABLE app.tickets ALTER priority SET DATA TYPE smallint USING priority::smallint;";
    assertThat(only("column-type-change", check(dir, sql, "public.tickets", "app.tickets")))
        .extracting(Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple(
                Level.ERROR,
                Concern.COMPATIBILITY,
                2,
                "ALTER TABLE tickets ALTER COLUMN subject TYPE varchar(500)"),
            tuple(
                Level.ERROR,
                Concern.COMPATIBILITY,
                3,
                "ALTER TABLE app.tickets ALTER COLUMN priority TYPE smallint"));
  }

  @Test
  void newColumnInsteadOfTypeChangeIsSafe() {
    String sql =
        TIMEOUT
            + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS subject_new varchar(500);\n"
            + "CREATE TABLE IF NOT EXISTS drafts (body text);\n"
            + "ALTER TABLE drafts ALTER COLUMN body TYPE varchar(100);";
    assertThat(check(dir, sql)).isEmpty();
  }

  @Test
  void renamesAreErrors() {
    String sql =
        TIMEOUT
            + "ALTER TABLE tickets RENAME COLUMN subject TO title;\n"
            + "ALTER TABLE IF EXISTS ONLY tickets RENAME \"Body\" TO body;\n"
            + "ALTER TABLE public.tickets RENAME TO issues;";
    assertThat(check(dir, sql, "public.tickets"))
        .extracting(
            Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple(
                "rename-column",
                Level.ERROR,
                Concern.COMPATIBILITY,
                2,
                "ALTER TABLE tickets RENAME COLUMN subject TO title"),
            tuple(
                "rename-column",
                Level.ERROR,
                Concern.COMPATIBILITY,
                3,
                "ALTER TABLE tickets RENAME COLUMN \"Body\" TO body"),
            tuple(
                "rename-table",
                Level.ERROR,
                Concern.COMPATIBILITY,
                4,
                "ALTER TABLE public.tickets RENAME TO issues"));
  }

  @Test
  void renamingConstraintsAndIndexesIsHarmless() {
    String sql =
        TIMEOUT
            + "ALTER TABLE tickets RENAME CONSTRAINT a_check TO b_check;\n"
            + "ALTER INDEX tickets_a_idx RENAME TO tickets_b_idx;\n"
            + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS title text;";
    assertThat(check(dir, sql)).isEmpty();
  }

  @Test
  void droppingTablesAndColumnsIsAnError() {
    String sql =
        TIMEOUT
            + "DROP TABLE IF EXISTS legacy, archive.\"Old Audit\" CASCADE;\n"
            + "ALTER TABLE tickets DROP COLUMN IF EXISTS subject, DROP CONSTRAINT IF EXISTS c;\n"
            + "ALTER TABLE tickets DROP IF EXISTS body;";
    assertThat(check(dir, sql, "public.legacy", "archive.Old Audit", "public.tickets"))
        .extracting(
            Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple("drop-table", Level.ERROR, Concern.DATA_LOSS, 2, "DROP TABLE legacy"),
            tuple(
                "drop-table",
                Level.ERROR,
                Concern.DATA_LOSS,
                2,
                "DROP TABLE archive.\"Old Audit\""),
            tuple(
                "drop-column",
                Level.ERROR,
                Concern.DATA_LOSS,
                3,
                "ALTER TABLE tickets DROP COLUMN subject"),
            tuple(
                "drop-column",
                Level.ERROR,
                Concern.DATA_LOSS,
                4,
                "ALTER TABLE tickets DROP COLUMN body"));
  }

  @Test
  void droppingWhatTheMigrationCreatedIsSafe() {
    String sql =
        TIMEOUT
            + "CREATE TABLE IF NOT EXISTS scratch (a int, b int);\n"
            + "ALTER TABLE scratch DROP COLUMN IF EXISTS b;\n"
            + "DROP TABLE IF EXISTS scratch;\n"
            + "ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_a_check;";
    assertThat(check(dir, sql)).isEmpty();
  }

  @Test
  void truncateIsAnError() {
    String sql = TIMEOUT + "\nTRUNCATE TABLE ONLY tickets, audit_log RESTART IDENTITY;";
    assertThat(check(dir, sql, "public.tickets", "public.audit_log"))
        .extracting(
            Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple("truncate", Level.ERROR, Concern.DATA_LOSS, 3, "TRUNCATE tickets, audit_log"));
  }

  @Test
  void truncatingATableCreatedInTheMigrationIsSafe() {
    String sql = TIMEOUT + "CREATE TABLE IF NOT EXISTS staging (a int);\nTRUNCATE staging;";
    assertThat(check(dir, sql)).isEmpty();
  }

  @Test
  void tablesTheTargetDoesNotHaveAreNotInUse() {
    // Created by an earlier migration of the same batch: nothing reads them yet.
    String sql =
        TIMEOUT
            + "ALTER TABLE drafts RENAME COLUMN a TO b;\n"
            + "ALTER TABLE drafts ALTER COLUMN b TYPE bigint;\n"
            + "TRUNCATE drafts;\n"
            + "DROP TABLE IF EXISTS drafts;";
    assertThat(check(dir, sql, "public.tickets")).isEmpty();
  }
}
