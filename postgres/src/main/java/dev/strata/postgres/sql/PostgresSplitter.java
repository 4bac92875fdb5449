package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** PLACEHOLDER until the real lexer lands: splits on semicolons only. */
public final class PostgresSplitter implements StatementSplitter {
  @Override
  public List<SqlStatement> split(String script) {
    List<SqlStatement> out = new ArrayList<>();
    int start = 0;
    int line = 1;
    for (String part : script.split(";", -1)) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        int lead = part.indexOf(trimmed.charAt(0));
        int l = line + (int) part.substring(0, lead).chars().filter(c -> c == '\n').count();
        out.add(
            new SqlStatement(
                trimmed,
                start + lead,
                l,
                Arrays.stream(trimmed.toUpperCase().split("[^A-Z0-9_]+"))
                    .filter(w -> !w.isEmpty())
                    .toList(),
                List.of()));
      }
      line += (int) part.chars().filter(c -> c == '\n').count();
      start += part.length() + 1;
    }
    return out;
  }
}
