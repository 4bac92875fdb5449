package dev.strata.postgres.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Post-data in two groups: first what only builds an index (primary keys, unique and exclusion
 * constraints, CREATE INDEX), which restore runs in parallel; then everything else in its order
 * (foreign keys need the keys they reference; comments and triggers need their objects).
 */
final class IndexFirst {
  private IndexFirst() {}

  static boolean buildsIndex(String statement) {
    String s = statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (s.startsWith("CREATE INDEX") || s.startsWith("CREATE UNIQUE INDEX")) return true;
    return s.startsWith("ALTER TABLE")
        && (s.contains(" PRIMARY KEY") || s.matches(".* ADD CONSTRAINT \\S+ (UNIQUE|EXCLUDE)\\b.*"))
        && !s.contains(" FOREIGN KEY");
  }

  static List<String> order(List<String> postData) {
    List<String> indexes = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String s : postData) (buildsIndex(s) ? indexes : rest).add(s);
    indexes.addAll(rest);
    return indexes;
  }
}
