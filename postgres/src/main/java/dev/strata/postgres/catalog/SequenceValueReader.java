package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The current value of every sequence, identity sequences included. Read from the sequences
 * themselves ({@code SELECT last_value, is_called FROM seq}, as pg_dump does), a few hundred per
 * query: pg_sequences.last_value is null for a sequence whose is_called is false, which would lose
 * a {@code setval(seq, n, false)}.
 */
final class SequenceValueReader {
  private static final int BATCH = 200;

  private SequenceValueReader() {}

  static List<SequenceValue> read(Connection connection, List<Sequence> sequences)
      throws SQLException {
    List<Sequence> sorted =
        sequences.stream()
            .sorted(Comparator.comparing(Sequence::schema).thenComparing(Sequence::name))
            .toList();
    List<SequenceValue> values = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += BATCH) {
      List<Sequence> batch = sorted.subList(from, Math.min(sorted.size(), from + BATCH));
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) sql.append("\nUNION ALL ");
        sql.append("SELECT ")
            .append(i)
            .append(" AS n, last_value, is_called FROM ")
            .append(batch.get(i).ident());
      }
      sql.append("\nORDER BY n");
      CatalogQuery.run(
          connection,
          "sequence values",
          sql.toString(),
          row -> {
            Sequence s = batch.get(row.getInt("n"));
            values.add(
                new SequenceValue(
                    s.schema(), s.name(), row.getLong("last_value"), row.getBoolean("is_called")));
          });
    }
    return values;
  }
}
