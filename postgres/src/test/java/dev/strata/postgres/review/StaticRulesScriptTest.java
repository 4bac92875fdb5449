package dev.strata.postgres.review;

import static dev.strata.postgres.review.Reviewed.check;
import static dev.strata.postgres.review.Reviewed.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules about the migration as a whole (transactions, re-runs, reversal), and the lexer's part:
 * comments, literals and DO bodies are never read as statements; names are compared as the server
 * compares them.
 */
class StaticRulesScriptTest {
  static final String TIMEOUT = "SET lock_timeout = '5s';\n";
  static final String TICKETS = "public.tickets";

  @TempDir Path dir;

  @Test
  void concurrentlyInsideBeginCommitIsAnError() {
    String sql =
        "BEGIN;\n"
            + TIMEOUT
            + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON tickets (a);\n"
            + "COMMIT;\n"
            + "START TRANSACTION;\n"
            + "DROP INDEX CONCURRENTLY IF EXISTS b_idx;\n"
            + "END;\n"
            + "REINDEX INDEX CONCURRENTLY c_idx;";
    assertThat(only("concurrently-in-transaction", check(dir, sql)))
        .extracting(Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple(
                Level.ERROR,
                Concern.FAILURE,
                3,
                "CREATE INDEX CONCURRENTLY a_idx inside the transaction block opened at line 1"),
            tuple(
                Level.ERROR,
                Concern.FAILURE,
                6,
                "DROP INDEX CONCURRENTLY b_idx inside the transaction block opened at line 5"));
  }

  @Test
  void concurrentlyBesideOtherWorkIsAWarning() {
    String sql =
        TIMEOUT
            + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON tickets (a);\n"
            + "UPDATE tickets SET a = 1 WHERE a IS NULL;";
    assertThat(check(dir, sql))
        .extracting(
            Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
        .containsExactly(
            tuple(
                "concurrently-mixed",
                Level.WARNING,
                Concern.FAILURE,
                2,
                "CREATE INDEX CONCURRENTLY a_idx shares the migration with other statements (first at line 3)"));
  }

  @Test
  void concurrentlyAloneWithSettingsIsSafe() {
    String sql =
        TIMEOUT
            + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a_key ON tickets (a);\n"
            + "DROP INDEX CONCURRENTLY IF EXISTS a_old_idx;\n"
            + "RESET lock_timeout;";
    assertThat(check(dir, sql, TICKETS)).isEmpty();
  }

  @Test
  void unguardedStatementsAreNotIdempotent() {
    String sql =
        "CREATE TABLE a (id int);\n"
            + "CREATE INDEX a_idx ON a (id);\n"
            + "CREATE INDEX ON a (id);\n"
            + "CREATE SEQUENCE s;\n"
            + "CREATE SCHEMA app;\n"
            + "CREATE EXTENSION citext;\n"
            + "CREATE VIEW v AS SELECT 1;\n"
            + "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
            + "CREATE TRIGGER trg BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
            + "CREATE TYPE mood AS ENUM ('sad');\n"
            + "ALTER TABLE a ADD COLUMN b int, ADD c int;\n"
            + "DROP VIEW v;\n"
            + "ALTER TYPE mood ADD VALUE 'happy';\n"
            + "ALTER TABLE a DROP COLUMN b;";
    List<Finding> findings = check(dir, sql);
    assertThat(findings).allSatisfy(f -> assertThat(f.code()).isEqualTo("not-idempotent"));
    assertThat(findings)
        .allSatisfy(
            f -> {
              assertThat(f.level()).isEqualTo(Level.INFO);
              assertThat(f.concern()).isEqualTo(Concern.IDEMPOTENCE);
            });
    assertThat(findings)
        .extracting(Finding::line)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    assertThat(findings.get(0).summary()).isEqualTo("CREATE TABLE a without IF NOT EXISTS");
    assertThat(findings.get(10).summary())
        .isEqualTo(
            "ALTER TABLE a ADD COLUMN b without IF NOT EXISTS; ALTER TABLE a ADD COLUMN c without IF NOT EXISTS");
    assertThat(findings.get(12).fix())
        .isEqualTo("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';");
  }

  @Test
  void guardedStatementsAreIdempotent() {
    String sql =
        "CREATE TABLE IF NOT EXISTS a (id int);\n"
            + "CREATE INDEX IF NOT EXISTS a_idx ON a (id);\n"
            + "CREATE SEQUENCE IF NOT EXISTS s;\n"
            + "CREATE SCHEMA IF NOT EXISTS app;\n"
            + "CREATE EXTENSION IF NOT EXISTS citext;\n"
            + "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
            + "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
            + "DROP TRIGGER IF EXISTS trg ON a;\n"
            + "CREATE TRIGGER trg BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
            + "CREATE OR REPLACE TRIGGER trg2 BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
            + "DO $$ BEGIN CREATE TYPE mood AS ENUM ('sad'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
            + "ALTER TABLE a ADD COLUMN IF NOT EXISTS b int;\n"
            + "DROP VIEW IF EXISTS v;\n"
            + "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"
            + "ALTER TABLE a DROP COLUMN IF EXISTS b;";
    assertThat(check(dir, sql)).isEmpty();
  }

  @Test
  void missingDownSqlIsAnInfoForTheWholeMigration() {
    List<Finding> findings =
        StaticRules.check(Reviewed.plan(dir, TIMEOUT + "SELECT 1;", false), Set.of());
    assertThat(findings)
        .extracting(Finding::code, Finding::level, Finding::concern, Finding::line)
        .containsExactly(tuple("no-down-migration", Level.INFO, Concern.REVERSIBILITY, 0));
    assertThat(findings.get(0).migration()).isEqualTo("20240101000000_reviewed");
    assertThat(findings.get(0).file()).endsWith("migration.sql");
    assertThat(check(dir, TIMEOUT + "SELECT 1;")).isEmpty();
  }

  @Test
  void commentsLiteralsAndBodiesAreNotStatements() {
    String sql =
        "/* CREATE INDEX a_idx ON tickets (a); /* nested */ DROP TABLE tickets; */\n"
            + "-- TRUNCATE tickets;\n"
            + "SELECT 'DROP TABLE tickets', $q$ALTER TABLE tickets RENAME TO t$q$;\n"
            + "DO $$ BEGIN ALTER TABLE tickets DROP COLUMN a; TRUNCATE tickets; END $$;\n"
            + "CREATE OR REPLACE FUNCTION purge() RETURNS void LANGUAGE sql\n"
            + "  AS $body$ DROP TABLE tickets; $body$;";
    assertThat(check(dir, sql, TICKETS)).isEmpty();
  }

  @Test
  void transactionControlDoesNotConfuseTheRules() {
    String sql =
        "BEGIN;\n" + TIMEOUT + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS a int;\n" + "COMMIT;";
    assertThat(check(dir, sql, TICKETS)).isEmpty();
  }

  @Test
  void schemaQualifiedNamesMatchTheirOwnSchemaOnly() {
    String sql =
        TIMEOUT
            + "CREATE INDEX IF NOT EXISTS a_idx ON app.tickets (a);\n"
            + "CREATE INDEX IF NOT EXISTS b_idx ON other.tickets (b);\n"
            + "CREATE INDEX IF NOT EXISTS c_idx ON tickets (c);\n"
            + "CREATE INDEX IF NOT EXISTS d_idx ON \"TICKETS\" (d);";
    assertThat(check(dir, sql, "app.tickets"))
        .extracting(Finding::code, Finding::line)
        .containsExactly(tuple("index-not-concurrent", 2), tuple("index-not-concurrent", 4));
  }
}
