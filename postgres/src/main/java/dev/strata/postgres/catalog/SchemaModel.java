package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A database schema as a diff sees it: every object the catalog readers find, keyed by kind, schema
 * and name (never by oid, so two databases compare), in creation order, with what each one needs.
 * Owners and privileges are left out: they differ between environments by design.
 */
public final class SchemaModel {
  /** Objects that belong to a table (or a domain) and go when it goes. */
  static final Set<Kind> ATTACHED =
      EnumSet.of(
          Kind.TABLE_ATTACH,
          Kind.SEQUENCE_OWNED_BY,
          Kind.COLUMN_DEFAULT,
          Kind.CONSTRAINT,
          Kind.INDEX,
          Kind.INDEX_ATTACH,
          Kind.STATISTICS,
          Kind.RULE,
          Kind.TRIGGER,
          Kind.FOREIGN_KEY,
          Kind.ROW_SECURITY,
          Kind.POLICY,
          Kind.TABLE_SETTING,
          Kind.REFRESH);

  private final Map<String, DumpObject> objects;
  private final Map<DumpObject, List<DumpObject>> requires;
  private final Map<DumpObject, DumpObject> parents;
  private final Map<DumpObject, List<String>> statements;

  private SchemaModel(
      Map<String, DumpObject> objects,
      Map<DumpObject, List<DumpObject>> requires,
      Map<DumpObject, DumpObject> parents,
      Map<DumpObject, List<String>> statements) {
    this.objects = objects;
    this.requires = requires;
    this.parents = parents;
    this.statements = statements;
  }

  /**
   * Reads the schema of the connected database.
   *
   * @param ignoredTables tables left out with everything attached to them, as {@code schema.name}
   *     (the migration history table)
   */
  public static SchemaModel read(Connection connection, Collection<String> ignoredTables)
      throws SQLException {
    return read(connection, ignoredTables, java.util.Optional.empty());
  }

  /**
   * Reads the schema of the connected database, or of one schema of it.
   *
   * @param scope the one schema to read (a tenant's, Prisma's {@code ?schema=}): its objects, and
   *     those outside it that they need (a type, a function, an extension), so the part read builds
   *     in an empty database holding that schema; the schema itself is left out, as the target's
   *     setting and not a migration's object
   */
  public static SchemaModel read(
      Connection connection, Collection<String> ignoredTables, java.util.Optional<String> scope)
      throws SQLException {
    SchemaDump.Catalog catalog = SchemaDump.readCatalog(connection, false);
    List<DumpObject> ordered = new ArrayList<>(catalog.order().preData());
    ordered.addAll(catalog.order().postData());
    Map<CatalogId, DumpObject> owners = new HashMap<>();
    for (DumpObject o : ordered) for (CatalogId id : o.covers()) owners.putIfAbsent(id, o);
    Map<DumpObject, DumpObject> parents = new HashMap<>();
    for (DumpObject o : ordered) {
      if (!ATTACHED.contains(o.kind()) || o.requires().isEmpty()) continue;
      DumpObject parent = owners.get(o.requires().get(0));
      if (parent != null) parents.put(o, parent);
    }
    Set<DumpObject> ignored = new HashSet<>();
    for (DumpObject o : ordered) {
      if (o.kind() == Kind.TABLE && ignoredTables.contains(o.schema() + "." + o.name()))
        ignored.add(o);
    }
    for (DumpObject o : ordered) { // parents come first in creation order
      if (ignored.contains(parents.get(o))) ignored.add(o);
    }
    if (scope.isPresent())
      ignored.addAll(outside(ordered, catalog.order().requires(), scope.get()));
    Map<String, DumpObject> byKey = new LinkedHashMap<>();
    for (DumpObject o : ordered) if (!ignored.contains(o)) byKey.putIfAbsent(key(o), o);
    // Rendered now rather than when compared: a diff reads its two schemas at the same time and
    // compares every statement of both, so this work runs in parallel instead of after.
    Map<DumpObject, List<String>> statements = new HashMap<>();
    for (DumpObject o : byKey.values()) statements.put(o, SchemaDump.flattened(o.statements()));
    return new SchemaModel(byKey, catalog.order().requires(), parents, statements);
  }

  /** The objects neither in {@code scope} nor needed by one in it, and the schema itself. */
  private static Set<DumpObject> outside(
      List<DumpObject> ordered, Map<DumpObject, List<DumpObject>> requires, String scope) {
    Set<DumpObject> kept = new HashSet<>();
    java.util.ArrayDeque<DumpObject> todo = new java.util.ArrayDeque<>();
    for (DumpObject o : ordered) {
      if (o.schema().equals(scope) && kept.add(o)) todo.add(o);
    }
    while (!todo.isEmpty()) {
      for (DumpObject needed : requires.getOrDefault(todo.poll(), List.of())) {
        if (needed.kind() == Kind.SCHEMA && needed.name().equals(scope)) continue;
        if (kept.add(needed)) todo.add(needed);
      }
    }
    Set<DumpObject> out = new HashSet<>(ordered);
    out.removeAll(kept);
    return out;
  }

  /**
   * This schema with only the objects of {@code schema}: what two reads of one schema compare, the
   * objects outside it they need being each database's own business.
   */
  public SchemaModel onlyIn(String schema) {
    Map<String, DumpObject> some = new LinkedHashMap<>();
    for (var e : objects.entrySet()) {
      if (e.getValue().schema().equals(schema)) some.put(e.getKey(), e.getValue());
    }
    return new SchemaModel(some, requires, parents, statements);
  }

  /** The identity of an object across databases. */
  static String key(DumpObject o) {
    return o.key();
  }

  /** Objects by key, in creation order. */
  Map<String, DumpObject> objects() {
    return Collections.unmodifiableMap(objects);
  }

  /** The objects {@code o} needs, each once. */
  List<DumpObject> requires(DumpObject o) {
    return requires.getOrDefault(o, List.of());
  }

  /** The table (or domain, or index) an attached object belongs to, or null. */
  DumpObject parent(DumpObject o) {
    return parents.get(o);
  }

  /** How many objects the schema holds. */
  public int size() {
    return objects.size();
  }

  /**
   * The statements that build this schema in an empty database, in order: what {@code strata pull}
   * writes. They qualify every name and assume {@code check_function_bodies = false}.
   */
  public List<String> statements() {
    return statements(Set.of());
  }

  /**
   * The statements that build the part of this schema the migrations can reach, for observing them
   * (see {@link ObservedSlice}).
   *
   * @param named whether the migrations' text holds a word, given in lower case
   */
  public List<String> statementsForObserving(java.util.function.Predicate<String> named) {
    return statements(ObservedSlice.leftOut(this, named));
  }

  private List<String> statements(Set<DumpObject> leftOut) {
    List<String> out = new ArrayList<>();
    List<DumpObject> refreshes = new ArrayList<>();
    for (DumpObject o : objects.values()) {
      if (leftOut.contains(o)) continue;
      if (o.kind() == Kind.REFRESH) refreshes.add(o);
      else out.addAll(statementsOf(o));
    }
    for (DumpObject o : objects.values()) if (!leftOut.contains(o)) out.addAll(o.comments());
    for (DumpObject o : refreshes) out.addAll(statementsOf(o));
    return out;
  }

  /**
   * The statements of one of this schema's objects as the server would print them back (see {@link
   * NestedBooleans}).
   */
  List<String> statementsOf(DumpObject o) {
    List<String> rendered = statements.get(o);
    return rendered != null ? rendered : SchemaDump.flattened(o.statements());
  }
}
