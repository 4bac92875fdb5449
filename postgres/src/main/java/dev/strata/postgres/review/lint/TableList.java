package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The table lists of TRUNCATE, LOCK and VACUUM: {@code [ONLY] name [*] [, ...]}. */
final class TableList {
  private TableList() {}

  static List<Name> at(StatementTokens t, int i) {
    List<Name> names = new ArrayList<>();
    while (true) {
      if (t.isWord(i, "ONLY")) i++;
      Optional<Name> name = t.nameAt(i);
      if (name.isEmpty()) return names;
      names.add(name.get());
      i = name.get().next();
      if (t.isOperator(i, '*')) i++;
      if (!t.isComma(i)) return names;
      i++;
    }
  }
}
