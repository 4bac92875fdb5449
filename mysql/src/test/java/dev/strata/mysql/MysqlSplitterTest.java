package dev.strata.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.execute.Step;
import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlSplitterTest {
  private final MysqlSplitter splitter = new MysqlSplitter();

  private List<String> texts(String script) {
    return splitter.split(script).stream().map(SqlStatement::text).toList();
  }

  @Test
  void semicolonsInQuotesAndCommentsDoNotEndAStatement() {
    String script =
        "-- a comment; with a semicolon\n"
            + "INSERT INTO t VALUES ('it''s; here', \"a \\\" ; b\", `odd;name`); # trailing; comment\n"
            + "/* block; comment */ UPDATE t SET a = 1 -- done;\n"
            + ";\n";
    assertThat(texts(script))
        .containsExactly(
            "INSERT INTO t VALUES ('it''s; here', \"a \\\" ; b\", `odd;name`)",
            "UPDATE t SET a = 1");
    assertThat(splitter.split(script).get(0).stringLiterals())
        .containsExactly("it's; here", "a \" ; b");
    assertThat(splitter.split(script).get(1).startLine()).isEqualTo(3);
  }

  @Test
  void doubleDashWithoutASpaceIsTwoMinusSigns() {
    assertThat(texts("SELECT 1--1;\nSELECT 2;")).containsExactly("SELECT 1--1", "SELECT 2");
  }

  @Test
  void aRoutineBodyIsOneStatementWithoutDelimiter() {
    String script =
        "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\n"
            + "BEGIN\n"
            + "  IF NEW.a IS NULL THEN SET NEW.a = 1; END IF;\n"
            + "  CASE NEW.b WHEN 1 THEN SET NEW.c = 2; ELSE SET NEW.c = 3; END CASE;\n"
            + "  SET NEW.d = CASE WHEN NEW.a > 1 THEN 'x' ELSE 'y' END;\n"
            + "  lbl: LOOP LEAVE lbl; END LOOP lbl;\n"
            + "END;\n"
            + "INSERT INTO t (a) VALUES (1);";
    List<String> statements = texts(script);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE TRIGGER").endsWith("END");
    assertThat(statements.get(1)).isEqualTo("INSERT INTO t (a) VALUES (1)");
  }

  @Test
  void definerAndFunctionsSplitToo() {
    String script =
        "CREATE DEFINER=`root`@`localhost` FUNCTION f(x INT) RETURNS INT DETERMINISTIC\n"
            + "BEGIN DECLARE y INT; SET y = x + 1; RETURN y; END;\n"
            + "CREATE TABLE function_calls (function int);\n"
            + "CREATE PROCEDURE p() SELECT 1;\n"
            + "SELECT 2;";
    assertThat(texts(script)).hasSize(4);
  }

  @Test
  void delimiterLinesChangeTheTerminatorAndAreNotSent() {
    String script =
        "DELIMITER $$\n"
            + "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\n"
            + "DELIMITER ;\n"
            + "CALL p();\n"
            + "delimiter //\nCREATE FUNCTION g() RETURNS INT RETURN 1//\ndelimiter ;\nSELECT 3;";
    List<SqlStatement> statements = splitter.split(script);
    assertThat(statements.stream().map(SqlStatement::text))
        .containsExactly(
            "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND",
            "CALL p()",
            "CREATE FUNCTION g() RETURNS INT RETURN 1",
            "SELECT 3");
    assertThat(statements.get(0).startLine()).isEqualTo(2);
    assertThat(statements.get(3).startLine()).isEqualTo(12);
  }

  @Test
  void executableCommentsAreReadAsSql() {
    String script =
        "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
            + "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW v AS SELECT 1 AS a */;\n";
    List<SqlStatement> statements = splitter.split(script);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).text()).endsWith("*/");
    assertThat(statements.get(1).words()).startsWith("CREATE", "ALGORITHM");
  }

  @Test
  void mariadbDumpsSandboxMarkerIsAComment() {
    List<SqlStatement> statements =
        splitter.split(
            "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump\n/*!40101 SET NAMES utf8mb4 */;\n");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).words()).startsWith("SET", "NAMES");
  }

  @Test
  void mariadbsAnonymousBlockIsOneStatement() {
    assertThat(texts("BEGIN NOT ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nSELECT 3;"))
        .containsExactly("BEGIN NOT ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND", "SELECT 3");
  }

  @Test
  void unterminatedQuotesNameTheirLine() {
    assertThatThrownBy(() -> splitter.split("SELECT 1;\nSELECT 'oops;\n"))
        .isInstanceOf(SqlSyntaxException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("unterminated string");
  }

  @Test
  void statementsThatCommitImplicitlyRunOnTheirOwn() {
    List<SqlStatement> s =
        splitter.split(
            "CREATE TABLE a (id int); CREATE TEMPORARY TABLE b (id int); INSERT INTO a VALUES (1);"
                + " START TRANSACTION; BEGIN; COMMIT; ROLLBACK; ROLLBACK TO SAVEPOINT x;"
                + " ALTER TABLE a ADD COLUMN c int; TRUNCATE a; RENAME TABLE a TO b");
    assertThat(s.stream().map(MysqlStatements::kind))
        .containsExactly(
            Step.Kind.OUTSIDE_TRANSACTION,
            Step.Kind.ORDINARY,
            Step.Kind.ORDINARY,
            Step.Kind.BEGIN,
            Step.Kind.BEGIN,
            Step.Kind.COMMIT,
            Step.Kind.ROLLBACK,
            Step.Kind.ORDINARY,
            Step.Kind.OUTSIDE_TRANSACTION,
            Step.Kind.OUTSIDE_TRANSACTION,
            Step.Kind.OUTSIDE_TRANSACTION);
  }
}
