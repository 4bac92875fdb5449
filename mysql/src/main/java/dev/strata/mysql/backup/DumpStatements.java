package dev.strata.mysql.backup;

import dev.strata.core.sql.SqlStatement;
import dev.strata.mysql.MysqlSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a dump's statements one at a time from a stream of any size, as the mysql client reads
 * them: line by line, {@code DELIMITER} lines changing the terminator, a statement handed over once
 * its terminator is read outside quotes, comments and stored-program bodies.
 */
final class DumpStatements {
  private final BufferedReader in;
  private final MysqlSplitter splitter = new MysqlSplitter();
  private final StringBuilder pending = new StringBuilder();
  private final java.util.ArrayDeque<SqlStatement> ready = new java.util.ArrayDeque<>();
  private String delimiter = ";";
  private boolean ended;
  private int line;
  private int pendingLine = 1;
  private String lastLine = "";

  DumpStatements(BufferedReader in) {
    this.in = in;
  }

  /** The next statement, or null at the end. */
  SqlStatement next() throws IOException {
    while (ready.isEmpty()) {
      if (ended) return null;
      String text = in.readLine();
      if (text == null) {
        ended = true;
        int first = pendingLine;
        if (!pending.toString().isBlank())
          splitter.split(pending.toString(), st -> ready.add(inFile(st, first)));
        pending.setLength(0);
        continue;
      }
      line++;
      if (!text.isBlank()) lastLine = text.strip();
      if (pending.toString().isBlank() && isDelimiterLine(text)) {
        delimiter = text.strip().substring(9).strip().split("\\s+")[0];
        pending.setLength(0);
        continue;
      }
      if (pending.isEmpty()) pendingLine = line;
      pending.append(text).append('\n');
      if (text.stripTrailing().endsWith(delimiter)) {
        String chunk = pending.toString();
        int first = pendingLine;
        int rest = splitter.splitComplete(chunk, delimiter, st -> ready.add(inFile(st, first)));
        for (int i = 0; i < rest; i++) if (chunk.charAt(i) == '\n') pendingLine++;
        pending.setLength(0);
        pending.append(chunk, rest, chunk.length());
      }
    }
    return ready.poll();
  }

  /** The statement with its line counted in the whole file, not in the piece it was read in. */
  private static SqlStatement inFile(SqlStatement st, int firstLine) {
    return new SqlStatement(
        st.text(),
        st.startOffset(),
        firstLine + st.startLine() - 1,
        st.words(),
        st.stringLiterals());
  }

  /** The last line read that is not blank: a dump cut short lacks its closing comment. */
  String lastLine() {
    return lastLine;
  }

  /** Lines read so far, for messages. */
  int line() {
    return line;
  }

  private static boolean isDelimiterLine(String text) {
    String t = text.strip();
    return t.length() > 10 && t.substring(0, 10).toUpperCase(Locale.ROOT).equals("DELIMITER ");
  }
}
