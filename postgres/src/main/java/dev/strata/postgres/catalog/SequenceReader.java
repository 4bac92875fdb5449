package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences. Stand-alone and serial sequences get CREATE SEQUENCE (a serial's {@code OWNED BY}
 * follows its table); identity sequences are created by their column, in CREATE TABLE.
 */
final class SequenceReader {
  private SequenceReader() {}

  static List<Sequence> read(Connection connection) throws SQLException {
    List<Sequence> sequences = new ArrayList<>();
    CatalogQuery.forEach(
        connection,
        "sequences.sql",
        row ->
            sequences.add(
                new Sequence(
                    row.getLong("oid"),
                    row.getString("schema"),
                    row.getString("name"),
                    row.getString("ident"),
                    row.getString("owner"),
                    row.getString("type"),
                    row.getLong("start"),
                    row.getLong("increment"),
                    row.getLong("min"),
                    row.getLong("max"),
                    row.getLong("cache"),
                    row.getBoolean("cycle"),
                    row.getBoolean("unlogged"),
                    CatalogQuery.flag(row, "owned_kind"),
                    row.getLong("owner_table"),
                    row.getInt("owner_column"),
                    row.getString("owned_by"))));
    return sequences;
  }

  /** Adds the objects of the sequences that are not identity sequences. */
  static void addObjects(DumpModel model, List<Sequence> sequences) {
    for (Sequence s : sequences) {
      if (s.isIdentity()) continue;
      CatalogId id = CatalogId.relation(s.oid());
      DumpObject sequence =
          new DumpObject(Kind.TABLE, s.schema(), s.name(), List.of(s.createStatement()))
              .covers(id)
              .detail(s);
      if (s.ownedKind() == 'a') {
        // Its owner follows the table's (ALTER TABLE ... OWNER TO changes both, and ALTER SEQUENCE
        // ... OWNER TO is refused for a sequence linked to a table).
        sequence.ownedSequence();
        model.add(
            new DumpObject(
                    Kind.SEQUENCE_OWNED_BY,
                    s.schema(),
                    s.name(),
                    List.of("ALTER SEQUENCE " + s.ident() + " OWNED BY " + s.ownedBy()))
                .drops(List.of("ALTER SEQUENCE " + s.ident() + " OWNED BY NONE"))
                .requires(id)
                .requires(CatalogId.relation(s.ownerTable())));
      } else {
        sequence.owner("SEQUENCE " + s.ident(), s.owner());
      }
      model.add(sequence);
      model.name(id, sequence, "SEQUENCE " + s.ident(), "SEQUENCE " + s.ident());
    }
  }
}
