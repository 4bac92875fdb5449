package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Views and materialized views, from pg_get_viewdef. A materialized view is created WITH NO DATA
 * before the data and refreshed at the very end when it was populated, so that it is filled from
 * the restored tables. A view's column defaults ({@code ALTER VIEW ... SET DEFAULT}) go with it.
 */
final class ViewReader {
  private ViewReader() {}

  static void read(Connection connection, DumpModel model, Map<Long, List<Column>> columns)
      throws SQLException {
    CatalogQuery.forEach(
        connection,
        "views.sql",
        row -> {
          long oid = row.getLong("oid");
          String ident = row.getString("ident");
          boolean materialized = "m".equals(row.getString("kind"));
          String word = materialized ? "MATERIALIZED VIEW" : "VIEW";
          String query = CatalogQuery.withoutSemicolon(row.getString("def"));
          StringBuilder ddl = new StringBuilder("CREATE ").append(word).append(' ').append(ident);
          if (row.getString("access_method") != null)
            ddl.append(" USING ").append(row.getString("access_method"));
          if (row.getString("options") != null)
            ddl.append(" WITH (").append(row.getString("options")).append(')');
          // pg_get_viewdef starts the query with a blank, as pg_dump prints it.
          ddl.append(" AS\n").append(query.startsWith(" ") ? query : " " + query);
          if (materialized) ddl.append("\n  WITH NO DATA");
          List<String> statements = new ArrayList<>();
          statements.add(ddl.toString());
          List<Column> own = columns.getOrDefault(oid, List.of());
          CatalogId id = CatalogId.relation(oid);
          DumpObject view =
              new DumpObject(Kind.TABLE, row.getString("schema"), row.getString("name"), statements)
                  .covers(id)
                  .covers(CatalogId.type(row.getLong("row_type")))
                  .covers(CatalogId.type(row.getLong("row_array_type")))
                  .owner(word + " " + ident, row.getString("owner"));
          for (Column c : own) {
            if (c.defaultOid() == null) continue;
            statements.add(
                "ALTER "
                    + word
                    + " "
                    + ident
                    + " ALTER COLUMN "
                    + c.ident()
                    + " SET DEFAULT "
                    + c.defaultExpr());
            view.covers(CatalogId.columnDefault(c.defaultOid()));
          }
          model.add(view);
          model.name(id, view, word + " " + ident, "TABLE " + ident);
          DumpModel.ColumnNames names = model.nameColumns(oid, view, ident, "TABLE " + ident, own);
          for (int i = 0; i < own.size(); i++) names.next();
          if (materialized && row.getBoolean("populated")) {
            model.add(
                new DumpObject(
                        Kind.REFRESH,
                        row.getString("schema"),
                        row.getString("name"),
                        List.of("REFRESH MATERIALIZED VIEW " + ident))
                    .requires(id)
                    .subject(view));
          }
        });
  }
}
