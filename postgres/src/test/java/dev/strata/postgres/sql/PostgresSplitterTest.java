package dev.strata.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PostgresSplitterTest {
  private final PostgresSplitter splitter = new PostgresSplitter();

  private List<SqlStatement> split(String script) {
    return splitter.split(script);
  }

  private List<String> texts(String script) {
    return split(script).stream().map(SqlStatement::text).toList();
  }

  private SqlStatement only(String script) {
    List<SqlStatement> statements = split(script);
    assertThat(statements).hasSize(1);
    return statements.get(0);
  }

  private SqlSyntaxException error(String script) {
    try {
      splitter.split(script);
    } catch (SqlSyntaxException e) {
      return e;
    }
    throw new AssertionError("expected a SqlSyntaxException for: " + script);
  }

  @Nested
  class Boundaries {
    @Test
    void splitsAtSemicolons() {
      assertThat(texts("select 1; select 2;")).containsExactly("select 1", "select 2");
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
      assertThat(texts("select 1;\nselect 2\n")).containsExactly("select 1", "select 2");
    }

    @Test
    void emptyStatementsAndBlankOrCommentOnlyPartsAreDropped() {
      assertThat(texts(";;\n ; select 1;;; -- done\n/* really */\n  \n"))
          .containsExactly("select 1");
      assertThat(split("")).isEmpty();
      assertThat(split("  \n\t -- nothing\n/* at /* all */ */")).isEmpty();
    }

    @Test
    void textStartsAtFirstTokenAndEndsBeforeSemicolonWithTrailingWhitespaceTrimmed() {
      String script = "-- header\n/* c */  select 1 /* keep */ \n\t;\n  select 2 -- keep too\n;";
      List<SqlStatement> statements = split(script);
      assertThat(statements)
          .extracting(SqlStatement::text)
          .containsExactly("select 1 /* keep */", "select 2 -- keep too");
      assertThat(statements.get(0).startOffset()).isEqualTo(script.indexOf("select 1"));
      assertThat(statements.get(0).startLine()).isEqualTo(2);
      assertThat(statements.get(1).startOffset()).isEqualTo(script.indexOf("select 2"));
      assertThat(statements.get(1).startLine()).isEqualTo(4);
    }

    @Test
    void trailingCommentOfALastStatementWithoutSemicolonStaysInItsText() {
      assertThat(texts("select 1\n-- the end")).containsExactly("select 1\n-- the end");
    }

    @Test
    void textIsTheExactSubstringAtStartOffset() {
      String script = "\n\n  insert into t values (1, 'a;b');  update t set a = 2 ;";
      for (SqlStatement s : split(script)) {
        assertThat(script.substring(s.startOffset(), s.startOffset() + s.text().length()))
            .isEqualTo(s.text());
      }
      assertThat(split(script)).extracting(SqlStatement::startLine).containsExactly(3, 3);
    }

    @Test
    void crlfScriptsSplitAndCountLines() {
      String script = "select 1;\r\n\r\nselect\r\n  2\r\n;\r\n-- c\r\nselect 3";
      List<SqlStatement> statements = split(script);
      assertThat(statements)
          .extracting(SqlStatement::text)
          .containsExactly("select 1", "select\r\n  2", "select 3");
      assertThat(statements).extracting(SqlStatement::startLine).containsExactly(1, 3, 7);
    }

    @Test
    void crlfLineCommentEndsAtTheCarriageReturn() {
      assertThat(texts("select 1 -- c;\r\n; select 2"))
          .containsExactly("select 1 -- c;", "select 2");
    }

    @Test
    void leadingByteOrderMarkIsSkipped() {
      SqlStatement s = split("\uFEFFCREATE TABLE t (a int);").get(0);
      assertThat(s.text()).isEqualTo("CREATE TABLE t (a int)");
      assertThat(s.startOffset()).isEqualTo(1);
      assertThat(s.words()).startsWith("CREATE", "TABLE");
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
      assertThat(texts("select (1; 2) ; select ((a;b);c)"))
          .containsExactly("select (1; 2)", "select ((a;b);c)");
    }

    @Test
    void strayClosingParenthesisIsIgnoredLikePsqlDoes() {
      assertThat(texts("select 1) ; select 2")).containsExactly("select 1)", "select 2");
    }

    @Test
    void unclosedParenthesisIsAnErrorOnItsLine() {
      SqlSyntaxException e = error("select 1;\nselect f(\n1; select 2;");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e).hasMessageContaining("unclosed parenthesis");
    }
  }

  @Nested
  class Comments {
    @Test
    void lineCommentHidesSemicolonsAndQuotes() {
      assertThat(texts("select 1 -- a; 'b \"c $$d\nfrom t; select 2"))
          .containsExactly("select 1 -- a; 'b \"c $$d\nfrom t", "select 2");
    }

    @Test
    void blockCommentsNest() {
      assertThat(texts("select /* a /* b; */ c; ' */ 1; select 2"))
          .containsExactly("select /* a /* b; */ c; ' */ 1", "select 2");
    }

    @Test
    void commentStartsInsideOperatorCharacters() {
      // psql cuts an operator before "/*" or "--": "*/*" after a token is '*' then a comment
      assertThat(texts("select 2*/*x;*/3; select 4--;\n; select 5"))
          .containsExactly("select 2*/*x;*/3", "select 4--;", "select 5");
    }

    @Test
    void slashStarSlashDoesNotCloseTheCommentItOpens() {
      assertThat(texts("select 1 /*/ ; */ ; select 2"))
          .containsExactly("select 1 /*/ ; */", "select 2");
    }

    @Test
    void starSlashStarClosesThenContinues() {
      assertThat(texts("select 1 /* a */* 2; select 3"))
          .containsExactly("select 1 /* a */* 2", "select 3");
    }

    @Test
    void unterminatedBlockCommentNamesItsStartLine() {
      SqlSyntaxException e = error("select 1;\n/* outer\n/* inner */\nselect 2;");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e).hasMessage("line 2: unterminated /* comment starting here");
    }

    @Test
    void commentsAreNotWords() {
      assertThat(only("select /* from */ 1 -- where\n").words()).containsExactly("SELECT");
    }
  }

  @Nested
  class StringLiterals {
    @Test
    void doubledQuotesAndSpecialCharactersInside() {
      SqlStatement s = only("select 'it''s; -- not /* a comment', 'x'");
      assertThat(s.text()).isEqualTo("select 'it''s; -- not /* a comment', 'x'");
      assertThat(s.stringLiterals()).containsExactly("it's; -- not /* a comment", "x");
      assertThat(s.words()).containsExactly("SELECT");
    }

    @Test
    void backslashIsLiteralInStandardStrings() {
      // standard_conforming_strings: '\' is a complete string
      SqlStatement s = split("select '\\'; select 2").get(0);
      assertThat(s.text()).isEqualTo("select '\\'");
      assertThat(s.stringLiterals()).containsExactly("\\");
    }

    @Test
    void emptyString() {
      assertThat(only("select ''").stringLiterals()).containsExactly("");
      assertThat(only("select ''''").stringLiterals()).containsExactly("'");
    }

    @Test
    void escapeStringsEscapeQuotesAndBackslashes() {
      List<SqlStatement> s = split("select E'it\\'s; \\\\', e'a''b;'; select 2");
      assertThat(s)
          .extracting(SqlStatement::text)
          .containsExactly("select E'it\\'s; \\\\', e'a''b;'", "select 2");
      assertThat(s.get(0).stringLiterals()).containsExactly("it's; \\", "a'b;");
    }

    @Test
    void escapeStringEndingInEscapedBackslash() {
      assertThat(texts("select E'\\\\'; select 2")).containsExactly("select E'\\\\'", "select 2");
    }

    @Test
    void escapeStringDecoding() {
      SqlStatement s =
          only(
              "select E'\\n\\t\\r\\b\\f\\v\\q', E'\\101\\x42\\u0043\\U00000044', E'\\303\\251t\\xC3\\xA9'");
      assertThat(s.stringLiterals()).containsExactly("\n\t\r\b\fvq", "ABCD", "été");
      assertThat(only("select E'\\uD83D\\uDE00 \\U0001F600'").stringLiterals())
          .containsExactly("😀 😀");
    }

    @Test
    void nationalStringsAreStandardStrings() {
      SqlStatement s = only("select N'a''b\\', n'c'");
      assertThat(s.stringLiterals()).containsExactly("a'b\\", "c");
      assertThat(s.words()).containsExactly("SELECT");
    }

    @Test
    void unicodeStrings() {
      SqlStatement s = only("select U&'d\\0061t\\+000061 \\\\ ''', u&'x'");
      assertThat(s.stringLiterals()).containsExactly("data \\ '", "x");
    }

    @Test
    void unicodeStringWithUescape() {
      SqlStatement s = only("select U&'d!0061t!+000061 !!' UESCAPE '!', 'y'");
      assertThat(s.stringLiterals()).containsExactly("data !", "y");
      assertThat(s.words()).containsExactly("SELECT", "UESCAPE");
    }

    @Test
    void bitAndHexStringsAreNotTextLiterals() {
      SqlStatement s = only("select B'0101', x'1F;', b'1'");
      assertThat(s.stringLiterals()).isEmpty();
      assertThat(s.words()).containsExactly("SELECT");
      assertThat(texts("select X'1;2'; select 2")).containsExactly("select X'1;2'", "select 2");
    }

    @Test
    void prefixLettersInsideAWordDoNotStartLiterals() {
      SqlStatement s = only("select abe'x', menu&'y', nb'z'");
      assertThat(s.words()).containsExactly("SELECT", "ABE", "MENU", "NB");
      assertThat(s.stringLiterals()).containsExactly("x", "y", "z");
    }

    @Test
    void adjacentLiteralsAcrossANewlineAreTwoLiterals() {
      // psql lexes line by line, so it never joins them; the server does, to 'ab'
      assertThat(only("select 'a'\n'b'").stringLiterals()).containsExactly("a", "b");
    }

    @Test
    void escapeStringContinuationIsLexedAsAStandardStringLikePsqlDoes() {
      // The server would continue in escape mode here; psql (which decides where statements end)
      // does not, so the statement ends at the first semicolon after '\'.
      assertThat(texts("select E'a'\n'\\' ; select 2"))
          .containsExactly("select E'a'\n'\\'", "select 2");
    }

    @Test
    void unterminatedStringNamesItsStartLine() {
      SqlSyntaxException e = error("select 1;\nselect 'abc;\n\nselect 2;");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e).hasMessage("line 2: unterminated quoted string starting here");
    }

    @Test
    void unterminatedEscapeStringEndingInEscapedQuote() {
      assertThat(error("select 1;\n\nselect E'abc\\';").line()).isEqualTo(3);
    }

    @Test
    void unterminatedBitString() {
      assertThat(error("select B'01").getMessage())
          .isEqualTo("line 1: unterminated bit string literal starting here");
    }
  }

  @Nested
  class QuotedIdentifiers {
    @Test
    void doubledQuotesAndSemicolonsInside() {
      SqlStatement s = split("select 1 as \"a \"\"b\"\"; c\"; select 2").get(0);
      assertThat(s.text()).isEqualTo("select 1 as \"a \"\"b\"\"; c\"");
      assertThat(s.words()).containsExactly("SELECT", "AS");
      assertThat(s.stringLiterals()).isEmpty();
    }

    @Test
    void unicodeQuotedIdentifiers() {
      assertThat(only("select 1 as U&\"d\\0061t;\"").words()).containsExactly("SELECT", "AS");
    }

    @Test
    void unterminatedQuotedIdentifierNamesItsStartLine() {
      SqlSyntaxException e = error("select 1\n, \"abc;\nselect 2");
      assertThat(e).hasMessage("line 2: unterminated quoted identifier starting here");
    }
  }

  @Nested
  class DollarQuoting {
    @Test
    void anonymousDollarQuote() {
      SqlStatement s = split("do $$ begin perform 1; raise notice 'x'; end $$; select 2").get(0);
      assertThat(s.text()).isEqualTo("do $$ begin perform 1; raise notice 'x'; end $$");
      assertThat(s.words()).containsExactly("DO");
      assertThat(s.stringLiterals()).isEmpty();
    }

    @Test
    void taggedDollarQuoteWithNestedDifferentTags() {
      String fn =
          "create function f() returns text language plpgsql as $outer$\n"
              + "begin\n  execute $inner$ select 1; $$ ; $inner$;\n  return $x$;'$x$;\nend\n$outer$";
      assertThat(texts(fn + ";\nselect 2;")).containsExactly(fn, "select 2");
    }

    @Test
    void tagsAreCaseSensitiveAndMayContainDigits() {
      assertThat(texts("select $a1$ ; $A1$ ; $a1$; select 2"))
          .containsExactly("select $a1$ ; $A1$ ; $a1$", "select 2");
    }

    @Test
    void closingTagMayFollowALongerFailedTag() {
      // "$xa$" inside is not the closing "$a$", but its last '$' may start one: "$xa$a$" closes at
      // "$a$"
      assertThat(texts("select $a$ body $xa$a$; select 2"))
          .containsExactly("select $a$ body $xa$a$", "select 2");
    }

    @Test
    void positionalParameterIsNotAQuote() {
      SqlStatement s = split("prepare p as select $1 + $2; select 2").get(0);
      assertThat(s.text()).isEqualTo("prepare p as select $1 + $2");
      assertThat(s.words()).containsExactly("PREPARE", "P", "AS", "SELECT");
    }

    @Test
    void dollarInsideAnIdentifierIsPartOfIt() {
      SqlStatement s = split("select a$b, c$$ from t$1; select 2").get(0);
      assertThat(s.text()).isEqualTo("select a$b, c$$ from t$1");
      assertThat(s.words()).containsExactly("SELECT", "A$B", "C$$", "FROM", "T$1");
    }

    @Test
    void dollarWithoutClosingDollarIsJustADollar() {
      // psql's dolqfailed: "$abc" is '$' followed by the word abc
      assertThat(only("select $abc").words()).containsExactly("SELECT", "ABC");
    }

    @Test
    void numberFollowedByDollarQuote() {
      assertThat(texts("select 1$$;$$; select 2")).containsExactly("select 1$$;$$", "select 2");
    }

    @Test
    void unterminatedDollarQuoteNamesTagAndStartLine() {
      SqlSyntaxException e = error("select 1;\ncreate function f() as $fn$\nbegin; end;\n$fn;");
      assertThat(e).hasMessage("line 2: unterminated dollar-quoted string $fn$ starting here");
      assertThat(error("select $$ abc $ $").getMessage())
          .isEqualTo("line 1: unterminated dollar-quoted string $$ starting here");
    }
  }

  @Nested
  class FunctionBodies {
    @Test
    void beginAtomicBodyWithCaseIsOneStatement() {
      String fn =
          "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
              + "  SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;\n  SELECT x + 1;\nEND";
      List<SqlStatement> s = split(fn + ";\nselect 2;");
      assertThat(s).extracting(SqlStatement::text).containsExactly(fn, "select 2");
      assertThat(s.get(1).startLine()).isEqualTo(6);
    }

    @Test
    void procedureWithNestedCaseExpressions() {
      String p =
          "create procedure p() language sql begin atomic\n"
              + "insert into t values (case when true then case 1 when 1 then 1 end end);\n"
              + "select case when 1 = 1 then 'a;' end; end";
      assertThat(texts(p + "; end; select 3")).containsExactly(p, "end", "select 3");
    }

    @Test
    void functionWithDollarBodyIsNotTracked() {
      String fn = "create function f() returns int language plpgsql as $$ begin return 1; end $$";
      assertThat(texts(fn + "; begin; select 1; end;"))
          .containsExactly(fn, "begin", "select 1", "end");
    }

    @Test
    void transactionBeginAndEndAreOrdinaryStatements() {
      assertThat(
              texts("BEGIN;\nBEGIN TRANSACTION;\nselect case when true then 1 end;\nEND;\nCOMMIT"))
          .containsExactly(
              "BEGIN", "BEGIN TRANSACTION", "select case when true then 1 end", "END", "COMMIT");
    }

    @Test
    void beginInsideParenthesesOfAFunctionDoesNotOpenABlock() {
      String fn = "create function f(begin int) returns int language sql return begin";
      // "return begin" is outside parentheses: psql counts it, so this is unbalanced in psql too
      assertThat(error(fn + "; select 1").getMessage()).contains("BEGIN in this CREATE FUNCTION");
      String ok = "create function f(begin int, \"begin\" int) returns int language sql return 1";
      assertThat(texts(ok + "; select 1")).containsExactly(ok, "select 1");
    }

    @Test
    void functionNamedBeginIsReportedNotSwallowingTheScript() {
      // psql itself would send the whole rest of the script as this one statement
      SqlSyntaxException e =
          error("select 1;\nCREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1;\nselect 2;");
      assertThat(e.line()).isEqualTo(2);
      assertThat(texts("CREATE FUNCTION \"begin\"() RETURNS int LANGUAGE sql RETURN 1; select 2"))
          .hasSize(2);
    }

    @Test
    void onlyCreateFunctionOrProcedureAsLeadingWordsArm() {
      // not CREATE FUNCTION: BEGIN here is just a word (psql checks the first words only)
      assertThat(texts("create table begin_t (a int); select begin from x; select 2")).hasSize(3);
      assertThat(texts("comment on function f() is 'x'; begin; end")).hasSize(3);
    }
  }

  @Nested
  class PsqlMetaCommands {
    @Test
    void backslashCommandIsRefusedNamingItsLine() {
      SqlSyntaxException e = error("select 1;\n\\connect other\nselect 2;");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e)
          .hasMessage(
              "line 2: psql meta-command \\connect is not SQL; Strata runs plain SQL — remove it or move it to a separate script");
    }

    @Test
    void variousMetaCommands() {
      assertThat(error("\\i other.sql").getMessage()).contains("\\i is not SQL");
      assertThat(error("\\set ON_ERROR_STOP on\nselect 1;").getMessage())
          .contains("\\set is not SQL");
      assertThat(error("select 1;\n\n\n\\.").line()).isEqualTo(4);
      assertThat(error("select 1 \\gset\n").getMessage())
          .startsWith("line 1: psql meta-command \\gset ");
      assertThat(error("select 1 \\\\ select 2").getMessage()).contains("meta-command \\\\ is");
      assertThat(error("select 1 \\;\n").getMessage()).contains("meta-command \\; is");
      assertThat(error("select 1;\r\n\\copy t from 'x.csv'\r\n").line()).isEqualTo(2);
    }

    @Test
    void backslashesInsideLiteralsAndCommentsAreFine() {
      assertThat(texts("select '\\i', E'\\\\', $$\\x$$, \"a\\b\" -- \\c\n/* \\d */; select 2"))
          .hasSize(2);
    }

    @Test
    void copyFromStdinIsRefused() {
      SqlSyntaxException e = error("create table t (a int);\nCOPY t (a) FROM stdin;\n1\n2\n\\.\n");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e).hasMessageContaining("COPY ... FROM STDIN");
      assertThat(texts("copy t from '/tmp/x.csv'; copy t to stdout")).hasSize(2);
    }
  }

  @Nested
  class Words {
    @Test
    void wordsAreUpperCasedBareWordsInOrder() {
      SqlStatement s =
          only(
              "Create Index  \"Idx\" on public.T (lower(\"X\"), 42, 1.5e3, -x) where y::int >= $1");
      assertThat(s.words())
          .containsExactly(
              "CREATE", "INDEX", "ON", "PUBLIC", "T", "LOWER", "X", "WHERE", "Y", "INT");
    }

    @Test
    void upperCasingIsAsciiOnly() {
      // PostgreSQL folds only ASCII in unquoted names; the Turkish i problem cannot arise either
      assertThat(only("select straße, été, title").words())
          .containsExactly("SELECT", "STRAßE", "éTé", "TITLE");
    }

    @Test
    void numbersAreNotWords() {
      assertThat(only("select 1, .5, 1., 1e10, 2E-3, 1..2").words()).containsExactly("SELECT");
      // psql's realfail rules: the e is given back, so 1e'x' is 1 followed by the escape string
      // e'x'
      assertThat(only("select 1e'x'").stringLiterals()).containsExactly("x");
    }

    @Test
    void nonBreakingSpaceIsAnIdentifierCharacterToPostgres() {
      assertThat(only("select a\u00a0b").words()).containsExactly("SELECT", "A\u00a0B");
    }
  }

  @Test
  void splitsAMegabyteScriptQuickly() {
    StringBuilder script = new StringBuilder();
    int n = 0;
    while (script.length() < 1_000_000) {
      script
          .append("insert into t (a, \"b\") values (")
          .append(n++)
          .append(", 'it''s; here') -- note ; \n/* c; */ ;\n")
          .append("do $$ begin perform 1; end $$;\n");
    }
    String text = script.toString();
    splitter.split(text); // warm up
    long start = System.nanoTime();
    List<SqlStatement> statements = splitter.split(text);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(statements).hasSize(2 * n);
    System.out.printf(
        "split %d chars (%d statements) in %d ms%n", text.length(), statements.size(), millis);
    assertThat(millis).as("splitting 1 MB took %d ms", millis).isLessThan(500);
  }
}
