package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** User-defined collations (CREATE COLLATION), for the ICU, libc and builtin providers. */
final class CollationReader {
  private CollationReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "collations.sql",
        row -> {
          String ident = row.getString("ident");
          char provider = CatalogQuery.flag(row, "provider");
          String locale = row.getString("locale");
          String collate = row.getString("lc_collate");
          String ctype = row.getString("lc_ctype");
          List<String> options = new ArrayList<>();
          switch (provider) {
            case 'i' -> {
              options.add("provider = icu");
              // Before PostgreSQL 15 an ICU collation kept its locale in collcollate.
              options.add("locale = " + literal(locale != null ? locale : collate));
            }
            case 'b' -> {
              options.add("provider = builtin");
              options.add("locale = " + literal(locale));
            }
            default -> {
              options.add("provider = libc");
              if (collate != null && collate.equals(ctype)) {
                options.add("locale = " + literal(collate));
              } else {
                options.add("lc_collate = " + literal(collate));
                options.add("lc_ctype = " + literal(ctype));
              }
            }
          }
          if (!row.getBoolean("deterministic")) options.add("deterministic = false");
          if (row.getString("rules") != null)
            options.add("rules = " + literal(row.getString("rules")));
          CatalogId id = new CatalogId("pg_collation", row.getLong("oid"));
          DumpObject collation =
              model.add(
                  new DumpObject(
                          Kind.COLLATION,
                          row.getString("schema"),
                          row.getString("name"),
                          List.of(
                              "CREATE COLLATION "
                                  + ident
                                  + " ("
                                  + String.join(", ", options)
                                  + ")"))
                      .covers(id)
                      .owner("COLLATION " + ident, row.getString("owner")));
          model.name(id, collation, "COLLATION " + ident, null);
        });
  }

  /**
   * A standard-conforming string literal (the restore runs with standard_conforming_strings on).
   */
  private static String literal(String value) {
    return "'" + (value == null ? "" : value.replace("'", "''")) + "'";
  }
}
