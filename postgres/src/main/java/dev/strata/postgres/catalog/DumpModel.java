package dev.strata.postgres.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the readers found: the objects to dump, and how to name each catalog row in COMMENT ON and
 * GRANT statements.
 */
final class DumpModel {
  private final List<DumpObject> objects = new ArrayList<>();
  private final Map<CatalogId, Target> targets = new HashMap<>();
  private final Map<Long, ColumnNames> columns = new HashMap<>();
  private int registered;

  /**
   * How to name a catalog row: in {@code COMMENT ON <comment>} and in {@code GRANT ... ON <grant>}
   * (with {@code column} for a column privilege). {@code order} keeps an object's comments and
   * grants in the order they were registered (object first, then columns by number).
   */
  record Target(DumpObject object, String comment, String grant, String column, int order) {}

  DumpObject add(DumpObject object) {
    objects.add(object);
    return object;
  }

  List<DumpObject> objects() {
    return objects;
  }

  /** Registers the names of {@code id}; {@code grant} is null where GRANT does not apply. */
  void name(CatalogId id, DumpObject object, String comment, String grant) {
    object.targetIfAbsent(comment);
    if (targets.putIfAbsent(id, new Target(object, comment, grant, null, registered)) == null) {
      registered++;
    }
  }

  /**
   * Starts naming the columns of relation {@code relid} ({@code COMMENT ON COLUMN
   * <relation>.<column>}, and {@code grant} for GRANT): each {@link ColumnNames#next} names the
   * next column of {@code list}, so that names registered in between keep their place. A relation's
   * columns are named once, and nowhere else.
   */
  ColumnNames nameColumns(
      long relid, DumpObject object, String relation, String grant, List<Column> list) {
    ColumnNames names = new ColumnNames(object, relation, grant, list);
    if (columns.putIfAbsent(relid, names) != null) names.orders = new int[0]; // named already
    return names;
  }

  /**
   * The names of a relation's columns, made only when a comment or privilege asks for one: a schema
   * has many more columns than comments and grants on them.
   */
  final class ColumnNames {
    private final DumpObject object;
    private final String relation;
    private final String grant;
    private final List<Column> list;
    private int[] orders;
    private int named;

    private ColumnNames(DumpObject object, String relation, String grant, List<Column> list) {
      this.object = object;
      this.relation = relation;
      this.grant = grant;
      this.list = list;
      this.orders = new int[list.size()];
    }

    /** Names the next column. */
    void next() {
      if (named < orders.length) orders[named++] = registered++;
    }

    private Target target(int attnum) {
      for (int i = 0; i < named; i++) {
        Column c = list.get(i);
        if (c.attnum() == attnum) {
          return new Target(
              object, "COLUMN " + relation + "." + c.ident(), grant, c.ident(), orders[i]);
        }
      }
      return null;
    }
  }

  Optional<Target> target(CatalogId id) {
    Target target = targets.get(id);
    if (target != null || id.subId() <= 0 || !id.catalog().equals("pg_class")) {
      return Optional.ofNullable(target);
    }
    ColumnNames names = columns.get(id.oid());
    return Optional.ofNullable(names == null ? null : names.target(id.subId()));
  }
}
