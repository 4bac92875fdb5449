package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Triggers from pg_get_triggerdef, with their enabled state (pg_get_triggerdef leaves that out):
 * DISABLE, ENABLE REPLICA or ENABLE ALWAYS. A partitioned table's trigger is created on the parent
 * only; its partitions' clones come back with it. Event triggers are not dumped (they are
 * database-wide and need a superuser).
 */
final class TriggerReader {
  private TriggerReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "triggers.sql",
        row -> {
          String table = row.getString("table_ident");
          String ident = row.getString("ident");
          List<String> statements = new ArrayList<>();
          statements.add(row.getString("def"));
          String enable = enableClause(CatalogQuery.flag(row, "enabled"));
          if (enable != null)
            statements.add("ALTER TABLE " + table + " " + enable + " TRIGGER " + ident);
          CatalogId id = new CatalogId("pg_trigger", row.getLong("oid"));
          DumpObject trigger =
              model.add(
                  new DumpObject(
                          Kind.TRIGGER,
                          row.getString("schema"),
                          row.getString("table_name") + " " + row.getString("name"),
                          statements)
                      .covers(id)
                      .requires(CatalogId.relation(row.getLong("relid"))));
          model.name(id, trigger, "TRIGGER " + ident + " ON " + table, null);
        });
  }

  /** tgenabled / ev_enabled: 'O' on (the default), 'D' off, 'R' replica only, 'A' always. */
  static String enableClause(char state) {
    return switch (state) {
      case 'D' -> "DISABLE";
      case 'R' -> "ENABLE REPLICA";
      case 'A' -> "ENABLE ALWAYS";
      default -> null;
    };
  }
}
