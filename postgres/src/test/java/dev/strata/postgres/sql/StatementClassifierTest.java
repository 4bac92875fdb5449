package dev.strata.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.StatementClassifier.ConcurrentIndex;
import dev.strata.postgres.sql.StatementClassifier.EnumValueAdded;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementClassifierTest {

  static SqlStatement statement(String sql) {
    List<SqlStatement> statements = new PostgresSplitter().split(sql);
    assertThat(statements).as(sql).hasSize(1);
    return statements.get(0);
  }

  @Nested
  class TransactionControl {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "BEGIN",
          "begin transaction",
          "BEGIN WORK ISOLATION LEVEL SERIALIZABLE",
          "START TRANSACTION READ ONLY",
          "COMMIT",
          "commit work",
          "COMMIT AND CHAIN",
          "END",
          "end transaction",
          "ROLLBACK",
          "rollback work",
          "ROLLBACK AND NO CHAIN",
          "ABORT",
          "COMMIT PREPARED 'tx1'",
          "ROLLBACK PREPARED 'tx1'",
          "PREPARE TRANSACTION 'tx1'",
          "/* c */ Commit"
        })
    void isTransactionControl(String sql) {
      assertThat(StatementClassifier.isTransactionControl(statement(sql))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "ROLLBACK TO SAVEPOINT s", "rollback to s", "ROLLBACK WORK TO SAVEPOINT s",
              "ROLLBACK TRANSACTION TO s",
          "SAVEPOINT s", "RELEASE SAVEPOINT s", "PREPARE q AS SELECT 1",
              "PREPARE transaction AS SELECT 1",
          "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SELECT 1", "START", "\"BEGIN\"",
          "create function f() returns int language sql begin atomic select 1; end"
        })
    void isNotTransactionControl(String sql) {
      assertThat(StatementClassifier.isTransactionControl(statement(sql))).isFalse();
    }
  }

  @Nested
  class NonTransactional {
    static Stream<Arguments> refusedInATransaction() {
      return Stream.of(
          Arguments.of("CREATE INDEX CONCURRENTLY i ON t (a)", "CREATE INDEX CONCURRENTLY"),
          Arguments.of(
              "create unique index concurrently if not exists i on t (a)",
              "CREATE INDEX CONCURRENTLY"),
          Arguments.of("CREATE INDEX CONCURRENTLY ON t (a)", "CREATE INDEX CONCURRENTLY"),
          Arguments.of("DROP INDEX CONCURRENTLY IF EXISTS i", "DROP INDEX CONCURRENTLY"),
          Arguments.of("REINDEX TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"),
          Arguments.of("REINDEX (CONCURRENTLY) INDEX i", "REINDEX CONCURRENTLY"),
          Arguments.of("reindex (verbose, concurrently true) schema s", "REINDEX CONCURRENTLY"),
          Arguments.of("REINDEX DATABASE app", "REINDEX DATABASE"),
          Arguments.of("REINDEX (VERBOSE) SYSTEM app", "REINDEX SYSTEM"),
          Arguments.of("REINDEX DATABASE", "REINDEX DATABASE"),
          Arguments.of("VACUUM", "VACUUM"),
          Arguments.of("vacuum (analyze, verbose) t", "VACUUM"),
          Arguments.of("VACUUM FULL t", "VACUUM"),
          Arguments.of("CREATE DATABASE app2", "CREATE DATABASE"),
          Arguments.of("DROP DATABASE IF EXISTS app2 WITH (FORCE)", "DROP DATABASE"),
          Arguments.of("ALTER DATABASE app SET TABLESPACE fast", "ALTER DATABASE SET TABLESPACE"),
          Arguments.of(
              "ALTER DATABASE \"App\" WITH TABLESPACE fast", "ALTER DATABASE SET TABLESPACE"),
          Arguments.of("ALTER DATABASE app TABLESPACE = fast", "ALTER DATABASE SET TABLESPACE"),
          Arguments.of("ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM"),
          Arguments.of("alter system reset all", "ALTER SYSTEM"),
          Arguments.of("CREATE TABLESPACE fast LOCATION '/ssd'", "CREATE TABLESPACE"),
          Arguments.of("DROP TABLESPACE IF EXISTS fast", "DROP TABLESPACE"),
          Arguments.of("CLUSTER", "CLUSTER without a table name"),
          Arguments.of("CLUSTER VERBOSE", "CLUSTER without a table name"),
          Arguments.of("CLUSTER (VERBOSE)", "CLUSTER without a table name"),
          Arguments.of(
              "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
              "ALTER TABLE ... DETACH CONCURRENTLY"),
          Arguments.of(
              "alter table if exists only s.p detach partition s.p1 concurrently",
              "ALTER TABLE ... DETACH CONCURRENTLY"),
          Arguments.of(
              "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p",
              "CREATE SUBSCRIPTION ... WITH (create_slot = true)"),
          Arguments.of(
              "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = true)",
              "CREATE SUBSCRIPTION ... WITH (create_slot = true)"),
          Arguments.of(
              "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (enabled = false)",
              "CREATE SUBSCRIPTION ... WITH (create_slot = true)"),
          Arguments.of("DROP SUBSCRIPTION s", "DROP SUBSCRIPTION"),
          Arguments.of(
              "ALTER SUBSCRIPTION s REFRESH PUBLICATION", "ALTER SUBSCRIPTION ... REFRESH"),
          Arguments.of(
              "ALTER SUBSCRIPTION \"S\" REFRESH PUBLICATION WITH (copy_data = false)",
              "ALTER SUBSCRIPTION ... REFRESH"),
          Arguments.of("ALTER SUBSCRIPTION s SET PUBLICATION p", "ALTER SUBSCRIPTION with refresh"),
          Arguments.of(
              "ALTER SUBSCRIPTION s ADD PUBLICATION p2 WITH (refresh)",
              "ALTER SUBSCRIPTION with refresh"),
          Arguments.of(
              "ALTER SUBSCRIPTION s DROP PUBLICATION p2 WITH (copy_data = false)",
              "ALTER SUBSCRIPTION with refresh"),
          Arguments.of(
              "ALTER SUBSCRIPTION s SET (failover = true)",
              "ALTER SUBSCRIPTION ... SET (failover)"),
          Arguments.of("DISCARD ALL", "DISCARD ALL"),
          Arguments.of("COMMIT PREPARED 'tx1'", "COMMIT PREPARED"),
          Arguments.of("ROLLBACK PREPARED 'tx1'", "ROLLBACK PREPARED"));
    }

    @ParameterizedTest
    @MethodSource("refusedInATransaction")
    void refused(String sql, String what) {
      assertThat(StatementClassifier.nonTransactionalReason(statement(sql)))
          .contains(what + " cannot run inside a transaction block");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "CREATE INDEX i ON t (a)",
          "create unique index i on t (a)",
          "DROP INDEX i",
          "REINDEX TABLE t",
          "REINDEX (CONCURRENTLY false) TABLE t",
          "REINDEX (VERBOSE) INDEX i",
          "REINDEX TABLE database",
          "ANALYZE t",
          "CLUSTER t USING t_pkey",
          "CLUSTER VERBOSE t",
          "CLUSTER (VERBOSE) t",
          "CLUSTER \"T\"",
          "ALTER DATABASE app SET work_mem = '4MB'",
          "ALTER DATABASE app SET default_tablespace = fast",
          "ALTER DATABASE tablespace RENAME TO x",
          "ALTER DATABASE app RESET ALL",
          "ALTER TABLE p DETACH PARTITION p1",
          "ALTER TABLE p DETACH PARTITION p1 FINALIZE",
          "ALTER TABLE t ADD COLUMN concurrently int",
          "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
          "ALTER TYPE mood ADD VALUE 'sad'",
          "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (connect = false)",
          "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = 'off', slot_name = 'x')",
          "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = 0)",
          "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
          "ALTER SUBSCRIPTION s DISABLE",
          "ALTER SUBSCRIPTION s SET (slot_name = NONE)",
          "ALTER SUBSCRIPTION s OWNER TO u",
          "DISCARD PLANS",
          "CHECKPOINT",
          "CREATE TABLE vacuum_log (a int)",
          "SELECT 'VACUUM'",
          "COMMIT",
          "ROLLBACK",
          "create function f() returns void language sql as $$ vacuum $$"
        })
    void allowed(String sql) {
      assertThat(StatementClassifier.nonTransactionalReason(statement(sql))).isEmpty();
    }
  }

  @Nested
  class EnumValues {
    @Test
    void plainAddValue() {
      assertThat(StatementClassifier.enumValueAdded(statement("ALTER TYPE Mood ADD VALUE 'sad'")))
          .contains(new EnumValueAdded("mood", "sad"));
    }

    @Test
    void qualifiedQuotedIfNotExistsAndPosition() {
      assertThat(
              StatementClassifier.enumValueAdded(
                  statement(
                      "alter type App.\"Mood\" add value if not exists 'it''s' BEFORE 'happy'")))
          .contains(new EnumValueAdded("app.Mood", "it's"));
    }

    @Test
    void escapeAndUnicodeValues() {
      assertThat(StatementClassifier.enumValueAdded(statement("ALTER TYPE m ADD VALUE E'a\\'b'")))
          .contains(new EnumValueAdded("m", "a'b"));
      assertThat(
              StatementClassifier.enumValueAdded(
                  statement("ALTER TYPE U&\"m!00e9\" UESCAPE '!' ADD VALUE U&'caf\\00e9'")))
          .contains(new EnumValueAdded("mé", "café"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "ALTER TYPE m RENAME VALUE 'a' TO 'b'",
          "ALTER TYPE m ADD ATTRIBUTE a int",
          "ALTER TABLE m ADD VALUE 'x'",
          "ALTER TYPE m OWNER TO u",
          "SELECT 'ALTER TYPE m ADD VALUE x'"
        })
    void otherStatements(String sql) {
      assertThat(StatementClassifier.enumValueAdded(statement(sql))).isEmpty();
    }
  }

  @Nested
  class ConcurrentIndexes {
    @Test
    void namedIndex() {
      assertThat(
              StatementClassifier.concurrentIndexCreated(
                  statement("CREATE INDEX CONCURRENTLY Idx_A ON t (a)")))
          .contains(new ConcurrentIndex(Optional.empty(), "idx_a"));
    }

    @Test
    void uniqueIfNotExistsQuotedAndQualified() {
      assertThat(
              StatementClassifier.concurrentIndexCreated(
                  statement(
                      "create unique index concurrently if not exists \"Idx\"\"A\" on t (a)")))
          .contains(new ConcurrentIndex(Optional.empty(), "Idx\"A"));
      assertThat(
              StatementClassifier.concurrentIndexCreated(
                  statement("CREATE INDEX CONCURRENTLY App.\"Idx\" ON app.t (a)")))
          .contains(new ConcurrentIndex(Optional.of("app"), "Idx"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "CREATE INDEX CONCURRENTLY ON t (a)",
          "CREATE INDEX idx ON t (a)",
          "DROP INDEX CONCURRENTLY idx",
          "REINDEX INDEX CONCURRENTLY idx",
          "CREATE TABLE t (a int)"
        })
    void noNamedConcurrentIndex(String sql) {
      assertThat(StatementClassifier.concurrentIndexCreated(statement(sql))).isEmpty();
    }
  }

  @Nested
  class StringLiteralUse {
    @Test
    void literalOfTheStatement() {
      SqlStatement s = statement("INSERT INTO t (mood) VALUES ('sad'), (E'it\\'s')");
      assertThat(StatementClassifier.usesStringLiteral(s, "sad")).isTrue();
      assertThat(StatementClassifier.usesStringLiteral(s, "it's")).isTrue();
      assertThat(StatementClassifier.usesStringLiteral(s, "happy")).isFalse();
    }

    @Test
    void literalInsideADollarQuotedBody() {
      SqlStatement s =
          statement(
              "CREATE FUNCTION f() RETURNS mood LANGUAGE sql AS $fn$ SELECT 'sad'::mood, 'it''s' $fn$");
      assertThat(StatementClassifier.usesStringLiteral(s, "sad")).isTrue();
      assertThat(StatementClassifier.usesStringLiteral(s, "it's")).isTrue();
      assertThat(StatementClassifier.usesStringLiteral(s, "sa")).isFalse();
    }

    @Test
    void namesAndCommentsAreNotLiterals() {
      SqlStatement s = statement("SELECT sad, \"sad\" FROM t -- 'sad'\n/* 'sad' */");
      assertThat(StatementClassifier.usesStringLiteral(s, "sad")).isFalse();
    }
  }

  @Test
  void statementsBuiltElsewhereDoNotBreakTheClassifier() {
    SqlStatement odd =
        new SqlStatement(
            "ALTER TYPE m ADD VALUE 'unterminated",
            0,
            1,
            List.of("ALTER", "TYPE", "M", "ADD", "VALUE"),
            List.of());
    assertThat(StatementClassifier.enumValueAdded(odd)).isEmpty();
    assertThat(StatementClassifier.nonTransactionalReason(odd)).isEmpty();
  }
}
