package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rewrite rules (CREATE RULE) on tables and views, with their enabled state. */
final class RuleReader {
  private RuleReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "rules.sql",
        row -> {
          String table = row.getString("table_ident");
          String ident = row.getString("ident");
          List<String> statements = new ArrayList<>();
          statements.add(CatalogQuery.withoutSemicolon(row.getString("def")));
          String enable = TriggerReader.enableClause(CatalogQuery.flag(row, "enabled"));
          if (enable != null)
            statements.add("ALTER TABLE " + table + " " + enable + " RULE " + ident);
          CatalogId id = new CatalogId("pg_rewrite", row.getLong("oid"));
          DumpObject rule =
              model.add(
                  new DumpObject(
                          Kind.RULE,
                          row.getString("schema"),
                          row.getString("table_name") + " " + row.getString("name"),
                          statements)
                      .covers(id)
                      .requires(CatalogId.relation(row.getLong("relid"))));
          model.name(id, rule, "RULE " + ident + " ON " + table, null);
        });
  }
}
