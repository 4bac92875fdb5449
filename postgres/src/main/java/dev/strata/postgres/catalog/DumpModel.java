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
    targets.putIfAbsent(id, new Target(object, comment, grant, null, targets.size()));
  }

  void nameColumn(CatalogId id, DumpObject object, String comment, String grant, String column) {
    targets.putIfAbsent(id, new Target(object, comment, grant, column, targets.size()));
  }

  Optional<Target> target(CatalogId id) {
    return Optional.ofNullable(targets.get(id));
  }
}
