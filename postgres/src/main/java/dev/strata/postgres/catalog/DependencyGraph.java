package dev.strata.postgres.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders the dump objects so that each comes after everything it depends on: a topological sort of
 * the graph that pg_depend (plus each object's own requirements) draws over them, with {@link
 * DumpObject#ORDER} choosing among the objects that are ready, so the output is the same on every
 * run.
 *
 * <p>Dependencies between catalog rows become edges between the objects covering them. A row no
 * object covers explicitly belongs to the object it is an internal part of (deptype 'i': a table's
 * row type, an array type, a view's rewrite rule, an identity sequence, the index of a primary key)
 * or to the extension it is a member of ('e').
 *
 * <p>Cycles, which PostgreSQL allows (a SQL-standard function body reading a table whose column
 * default calls the function), are broken the way pg_dump breaks them: the column default, table
 * CHECK or domain CHECK on the cycle becomes a statement of its own, after the table or domain. A
 * cycle with nothing to split off (a view and a SQL-standard function reading each other) is broken
 * at its first object in {@link DumpObject#ORDER}; {@code check_function_bodies = false} makes most
 * of those harmless.
 */
final class DependencyGraph {
  private DependencyGraph() {}

  /** One pg_depend row: {@code dependent} needs {@code referenced}; {@code type} is deptype. */
  record Dependency(CatalogId dependent, CatalogId referenced, char type) {}

  /**
   * The objects in restore order, and for each object the others it needs (what a diff drops before
   * it and creates after it).
   */
  record Order(
      List<DumpObject> preData,
      List<DumpObject> postData,
      Map<DumpObject, Set<DumpObject>> requires) {}

  static Order order(List<DumpObject> objects, List<Dependency> dependencies) {
    List<DumpObject> all = new ArrayList<>(objects);
    while (true) {
      Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges =
          edges(all, owners(all, dependencies), dependencies);
      promote(edges);
      List<DumpObject> pre = sort(select(all, Section.PRE_DATA), edges, all);
      if (pre == null) continue; // a part was split off: the graph changed
      List<DumpObject> post = sort(select(all, Section.POST_DATA), edges, all);
      if (post == null) continue;
      Map<DumpObject, Set<DumpObject>> requires = new HashMap<>();
      edges.forEach((o, needed) -> requires.put(o, needed.keySet()));
      return new Order(pre, post, requires);
    }
  }

  /** Which object each catalog row belongs to. */
  private static Map<CatalogId, DumpObject> owners(
      List<DumpObject> objects, List<Dependency> dependencies) {
    Map<CatalogId, DumpObject> owners = new HashMap<>();
    for (DumpObject o : objects) for (CatalogId id : o.covers()) owners.putIfAbsent(id, o);
    // Internal parts and extension members follow their owner; chains (the array type of a
    // multirange of a range type) need several passes.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Dependency d : dependencies) {
        if ((d.type() == 'i' || d.type() == 'e')
            && !owners.containsKey(d.dependent())
            && owners.containsKey(d.referenced())) {
          owners.put(d.dependent(), owners.get(d.referenced()));
          changed = true;
        }
      }
    }
    return owners;
  }

  /** For each object, the objects it requires and the catalog rows of its own that require them. */
  private static Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges(
      List<DumpObject> objects, Map<CatalogId, DumpObject> owners, List<Dependency> dependencies) {
    Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges = new LinkedHashMap<>();
    for (DumpObject o : objects) edges.put(o, new LinkedHashMap<>());
    for (Dependency d : dependencies) {
      if (d.type() == 'e') continue;
      DumpObject from = owners.get(d.dependent());
      DumpObject to = owners.get(d.referenced());
      if (from == null || to == null || from == to) continue;
      if (d.type() == 'a' && from.isOwnedSequence()) continue; // OWNED BY comes after the table
      edges.get(from).computeIfAbsent(to, k -> new LinkedHashSet<>()).add(d.dependent());
    }
    for (DumpObject o : objects) {
      for (CatalogId id : o.requires()) {
        DumpObject to = owners.get(id);
        if (to != null && to != o) edges.get(o).computeIfAbsent(to, k -> new LinkedHashSet<>());
      }
    }
    return edges;
  }

  /**
   * A pre-data object that needs a post-data one takes it along: a view grouping by a primary key
   * (functional dependency) needs the key before the view exists. Foreign keys stay after the data,
   * which they would otherwise check row by row while it loads out of order.
   */
  private static void promote(Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<DumpObject, Map<DumpObject, Set<CatalogId>>> e : edges.entrySet()) {
        if (e.getKey().section() != Section.PRE_DATA) continue;
        for (DumpObject needed : e.getValue().keySet()) {
          if (needed.section() == Section.POST_DATA
              && needed.kind() != Kind.FOREIGN_KEY
              && needed.kind() != Kind.REFRESH) {
            needed.moveToPreData();
            changed = true;
          }
        }
      }
    }
  }

  private static List<DumpObject> select(List<DumpObject> objects, Section section) {
    return objects.stream().filter(o -> o.section() == section).toList();
  }

  /**
   * Kahn's algorithm over {@code nodes}, taking the first ready object in {@link DumpObject#ORDER}.
   * Returns null when it split a part off an object to break a cycle (the caller starts over).
   */
  private static List<DumpObject> sort(
      List<DumpObject> nodes,
      Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges,
      List<DumpObject> all) {
    Set<DumpObject> members = new HashSet<>(nodes);
    Map<DumpObject, Integer> pending = new HashMap<>();
    Map<DumpObject, List<DumpObject>> dependents = new HashMap<>();
    for (DumpObject n : nodes) {
      int count = 0;
      for (DumpObject needed : edges.get(n).keySet()) {
        if (!members.contains(needed)) continue;
        count++;
        dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(n);
      }
      pending.put(n, count);
    }
    PriorityQueue<DumpObject> ready = new PriorityQueue<>(DumpObject.ORDER);
    for (DumpObject n : nodes) if (pending.get(n) == 0) ready.add(n);
    List<DumpObject> sorted = new ArrayList<>(nodes.size());
    Set<DumpObject> done = new HashSet<>();
    while (sorted.size() < nodes.size()) {
      if (ready.isEmpty()) {
        List<DumpObject> cycle = cycle(nodes, done, members, edges);
        if (detach(cycle, edges, all)) return null;
        ready.add(cycle.stream().min(DumpObject.ORDER).orElseThrow());
      }
      DumpObject next = ready.poll();
      if (!done.add(next)) continue;
      sorted.add(next);
      for (DumpObject d : dependents.getOrDefault(next, List.of())) {
        int left = pending.merge(d, -1, Integer::sum);
        if (left == 0 && !done.contains(d)) ready.add(d);
      }
    }
    return sorted;
  }

  /** A cycle among the objects not yet sorted, each requiring the next (and the last the first). */
  private static List<DumpObject> cycle(
      List<DumpObject> nodes,
      Set<DumpObject> done,
      Set<DumpObject> members,
      Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges) {
    DumpObject current =
        nodes.stream().filter(n -> !done.contains(n)).min(DumpObject.ORDER).orElseThrow();
    List<DumpObject> path = new ArrayList<>();
    Map<DumpObject, Integer> position = new HashMap<>();
    while (!position.containsKey(current)) {
      position.put(current, path.size());
      path.add(current);
      current =
          edges.get(current).keySet().stream()
              .filter(n -> members.contains(n) && !done.contains(n))
              .min(DumpObject.ORDER)
              .orElseThrow();
    }
    return path.subList(position.get(current), path.size());
  }

  /** Splits off a detachable part whose dependency is an edge of {@code cycle}, if there is one. */
  private static boolean detach(
      List<DumpObject> cycle,
      Map<DumpObject, Map<DumpObject, Set<CatalogId>>> edges,
      List<DumpObject> all) {
    for (int i = 0; i < cycle.size(); i++) {
      DumpObject from = cycle.get(i);
      DumpObject to = cycle.get((i + 1) % cycle.size());
      for (CatalogId part : edges.get(from).getOrDefault(to, Set.of())) {
        if (from.canDetach(part)) {
          all.add(from.detach(part));
          return true;
        }
      }
    }
    return false;
  }
}
