package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * User-defined types: enums, domains (with their CHECK constraints), composite types and range
 * types. Base types and shell types are not dumped: they need C functions, which only extensions
 * bring. A range type's canonical function is written as the catalog has it, but it too can only
 * come from C.
 */
final class TypeReader {
  private TypeReader() {}

  static void read(Connection connection, DumpModel model, Map<Long, List<Column>> columns)
      throws SQLException {
    enums(connection, model);
    domains(connection, model);
    composites(connection, model, columns);
    ranges(connection, model);
  }

  private static void enums(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "enums.sql",
        row -> {
          String labels = row.getString("labels");
          String ddl =
              "CREATE TYPE "
                  + row.getString("ident")
                  + " AS ENUM ("
                  + (labels == null ? "" : labels)
                  + ")";
          java.sql.Array list = row.getArray("label_list");
          List<String> values = list == null ? List.of() : List.of((String[]) list.getArray());
          add(model, row, ddl, "TYPE").detail(new EnumLabels(values));
        });
  }

  /** An enum's labels in sort order, so a diff can add the new ones in place. */
  record EnumLabels(List<String> labels) {}

  private static void domains(Connection connection, DumpModel model) throws SQLException {
    Map<Long, List<DomainCheck>> checks = new HashMap<>();
    CatalogQuery.forEach(
        connection,
        "domain_constraints.sql",
        row ->
            checks
                .computeIfAbsent(row.getLong("domain_oid"), k -> new ArrayList<>())
                .add(
                    new DomainCheck(
                        row.getLong("oid"),
                        row.getString("name"),
                        row.getString("ident"),
                        row.getString("def"),
                        row.getBoolean("validated"))));
    CatalogQuery.forEach(
        connection,
        "domains.sql",
        row -> {
          String ident = row.getString("ident");
          String schema = row.getString("schema");
          String name = row.getString("name");
          CatalogId domainId = CatalogId.type(row.getLong("oid"));
          List<DomainCheck> own = checks.getOrDefault(row.getLong("oid"), List.of());
          StringBuilder head =
              new StringBuilder("CREATE DOMAIN ")
                  .append(ident)
                  .append(" AS ")
                  .append(row.getString("base_type"));
          if (row.getString("collation") != null)
            head.append(" COLLATE ").append(row.getString("collation"));
          if (row.getString("default_expr") != null)
            head.append(" DEFAULT ").append(row.getString("default_expr"));
          if (row.getBoolean("not_null")) head.append(" NOT NULL");
          // Valid checks are declared with the domain, unless one had to be split off to break a
          // cycle (a check calling a SQL-standard function whose body reads a table of the
          // domain); a NOT VALID check cannot be declared in CREATE DOMAIN at all.
          Set<CatalogId> detached = new HashSet<>();
          Supplier<List<String>> ddl =
              () -> {
                StringBuilder text = new StringBuilder(head);
                for (DomainCheck check : own) {
                  if (check.validated() && !detached.contains(check.id()))
                    text.append(" CONSTRAINT ")
                        .append(check.ident())
                        .append(' ')
                        .append(check.def());
                }
                return List.of(text.toString());
              };
          DumpObject domain = add(model, row, ddl, "DOMAIN");
          for (DomainCheck check : own) {
            CatalogId id = check.id();
            Supplier<DumpObject> separate =
                () ->
                    new DumpObject(
                            Kind.CONSTRAINT,
                            schema,
                            name + " " + check.name(),
                            List.of(
                                "ALTER DOMAIN "
                                    + ident
                                    + " ADD CONSTRAINT "
                                    + check.ident()
                                    + " "
                                    + check.def()))
                        .drops(
                            List.of("ALTER DOMAIN " + ident + " DROP CONSTRAINT " + check.ident()))
                        .requires(domainId);
            DumpObject holder = domain;
            if (check.validated()) {
              domain.covers(id);
              domain.detachable(
                  id,
                  () -> {
                    detached.add(id);
                    return separate.get();
                  });
            } else {
              holder = model.add(separate.get().covers(id));
            }
            model.name(id, holder, "CONSTRAINT " + check.ident() + " ON DOMAIN " + ident, null);
          }
        });
  }

  private record DomainCheck(long oid, String name, String ident, String def, boolean validated) {
    CatalogId id() {
      return CatalogId.constraint(oid);
    }
  }

  private static void composites(
      Connection connection, DumpModel model, Map<Long, List<Column>> columns) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "composites.sql",
        row -> {
          String ident = row.getString("ident");
          long relid = row.getLong("relid");
          List<Column> attributes = columns.getOrDefault(relid, List.of());
          List<String> lines = attributes.stream().map(Column::typed).toList();
          String ddl =
              "CREATE TYPE "
                  + ident
                  + " AS ("
                  + (lines.isEmpty() ? "" : "\n    " + String.join(",\n    ", lines) + "\n")
                  + ")";
          DumpObject type = add(model, row, ddl, "TYPE");
          type.covers(CatalogId.relation(relid));
          for (Column c : attributes)
            model.name(c.id(), type, "COLUMN " + ident + "." + c.ident(), null);
        });
  }

  private static void ranges(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "ranges.sql",
        row -> {
          List<String> options = new ArrayList<>();
          options.add("subtype = " + row.getString("subtype"));
          if (row.getString("opclass") != null)
            options.add("subtype_opclass = " + row.getString("opclass"));
          if (row.getString("collation") != null)
            options.add("collation = " + row.getString("collation"));
          if (row.getString("canonical") != null)
            options.add("canonical = " + row.getString("canonical"));
          if (row.getString("subtype_diff") != null)
            options.add("subtype_diff = " + row.getString("subtype_diff"));
          if (row.getString("multirange") != null)
            options.add("multirange_type_name = " + row.getString("multirange"));
          String ddl =
              "CREATE TYPE "
                  + row.getString("ident")
                  + " AS RANGE ("
                  + String.join(", ", options)
                  + ")";
          DumpObject range = add(model, row, ddl, "TYPE");
          Long multirange = CatalogQuery.optionalLong(row, "multirange_oid");
          if (multirange != null) {
            range.covers(CatalogId.type(multirange));
            range.covers(CatalogId.type(row.getLong("multirange_array_oid")));
          }
        });
  }

  /** Adds the type's object, naming it {@code <word> ident} in comments, grants and owners. */
  private static DumpObject add(DumpModel model, ResultSet row, String ddl, String word)
      throws SQLException {
    return add(model, row, () -> List.of(ddl), word);
  }

  private static DumpObject add(
      DumpModel model, ResultSet row, Supplier<List<String>> ddl, String word) throws SQLException {
    String ident = row.getString("ident");
    CatalogId id = CatalogId.type(row.getLong("oid"));
    DumpObject type =
        new DumpObject(Kind.TYPE, row.getString("schema"), row.getString("name"), ddl)
            .covers(id)
            .covers(CatalogId.type(row.getLong("array_oid")))
            .owner(word + " " + ident, row.getString("owner"));
    model.add(type);
    model.name(id, type, word + " " + ident, word + " " + ident);
    return type;
  }
}
