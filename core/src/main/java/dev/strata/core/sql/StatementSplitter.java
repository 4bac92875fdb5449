package dev.strata.core.sql;

import java.util.List;

/** Splits a script into statements the way the database's own command-line client would. */
public interface StatementSplitter {

  /**
   * @throws SqlSyntaxException for input the client would not run: an unterminated quote or
   *     comment, or a client-side command (a psql backslash command), naming the line
   */
  List<SqlStatement> split(String script);
}
