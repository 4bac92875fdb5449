package dev.strata.postgres.catalog;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
   * The objects in restore order, and for each object the others it needs, each once (what a diff
   * drops before it and creates after it); objects that need nothing are left out.
   */
  record Order(
      List<DumpObject> preData,
      List<DumpObject> postData,
      Map<DumpObject, List<DumpObject>> requires) {}

  static Order order(List<DumpObject> objects, List<Dependency> dependencies) {
    List<DumpObject> all = new ArrayList<>(objects);
    while (true) {
      Graph graph = graph(all, dependencies);
      promote(all, graph);
      List<DumpObject> pre = sort(select(all, Section.PRE_DATA), graph, all);
      if (pre == null) continue; // a part was split off: the graph changed
      List<DumpObject> post = sort(select(all, Section.POST_DATA), graph, all);
      if (post == null) continue;
      return new Order(pre, post, graph.needs());
    }
  }

  /**
   * Which object each catalog row belongs to, and for each object the others it needs, in the order
   * pg_depend and then its own requirements name them. The rows behind an edge are looked for again
   * only when a cycle must be broken ({@link #parts}): most graphs have none.
   */
  private record Graph(
      Map<CatalogId, DumpObject> owners,
      Map<DumpObject, List<DumpObject>> needs,
      List<Dependency> dependencies) {

    List<DumpObject> needs(DumpObject o) {
      return needs.getOrDefault(o, List.of());
    }

    /** The catalog rows of {@code from} that need {@code to}, in pg_depend order. */
    List<CatalogId> parts(DumpObject from, DumpObject to) {
      List<CatalogId> parts = new ArrayList<>();
      for (Dependency d : dependencies) {
        if (edge(d, owners) == from && owners.get(d.referenced()) == to) parts.add(d.dependent());
      }
      return parts;
    }
  }

  private static Graph graph(List<DumpObject> objects, List<Dependency> dependencies) {
    Map<CatalogId, DumpObject> owners = owners(objects, dependencies);
    Map<DumpObject, List<DumpObject>> needs = new HashMap<>();
    for (Dependency d : dependencies) {
      DumpObject from = edge(d, owners);
      if (from != null) need(needs, from, owners.get(d.referenced()));
    }
    for (DumpObject o : objects) {
      for (CatalogId id : o.requires()) {
        DumpObject to = owners.get(id);
        if (to != null && to != o) need(needs, o, to);
      }
    }
    return new Graph(owners, needs, dependencies);
  }

  /** The object that needs another one because of {@code d}, or null when it draws no edge. */
  private static DumpObject edge(Dependency d, Map<CatalogId, DumpObject> owners) {
    if (d.type() == 'e') return null;
    DumpObject from = owners.get(d.dependent());
    if (from == null) return null;
    DumpObject to = owners.get(d.referenced());
    if (to == null || from == to) return null;
    if (d.type() == 'a' && from.isOwnedSequence()) return null; // OWNED BY comes after the table
    return from;
  }

  /** Adds an edge once; an object needs only a few others, so a list is the cheap set here. */
  private static void need(
      Map<DumpObject, List<DumpObject>> needs, DumpObject from, DumpObject to) {
    List<DumpObject> list = needs.get(from);
    if (list == null) {
      list = new ArrayList<>(2);
      needs.put(from, list);
    }
    if (!list.contains(to)) list.add(to);
  }

  /** Which object each catalog row belongs to. */
  private static Map<CatalogId, DumpObject> owners(
      List<DumpObject> objects, List<Dependency> dependencies) {
    Map<CatalogId, DumpObject> owners = new HashMap<>();
    for (DumpObject o : objects) for (CatalogId id : o.covers()) owners.putIfAbsent(id, o);
    // Internal parts and extension members follow their owner; chains (the array type of a
    // multirange of a range type) need several passes. A row keeps the first owner it gets, so
    // each pass goes only over the rows still without one (usually none after the first pass).
    List<Dependency> pending = new ArrayList<>();
    for (Dependency d : dependencies) {
      if ((d.type() == 'i' || d.type() == 'e') && !owners.containsKey(d.dependent())) {
        pending.add(d);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      List<Dependency> left = new ArrayList<>();
      for (Dependency d : pending) {
        if (owners.containsKey(d.dependent())) continue;
        DumpObject owner = owners.get(d.referenced());
        if (owner == null) {
          left.add(d);
        } else {
          owners.put(d.dependent(), owner);
          changed = true;
        }
      }
      pending = left;
    }
    return owners;
  }

  /**
   * A pre-data object that needs a post-data one takes it along: a view grouping by a primary key
   * (functional dependency) needs the key before the view exists. Foreign keys stay after the data,
   * which they would otherwise check row by row while it loads out of order.
   */
  private static void promote(List<DumpObject> objects, Graph graph) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (DumpObject o : objects) {
        if (o.section() != Section.PRE_DATA) continue;
        for (DumpObject needed : graph.needs(o)) {
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
    List<DumpObject> selected = new ArrayList<>();
    for (DumpObject o : objects) if (o.section() == section) selected.add(o);
    return selected;
  }

  /**
   * Kahn's algorithm over {@code nodes}, taking the first ready object in {@link DumpObject#ORDER}.
   * Returns null when it split a part off an object to break a cycle (the caller starts over).
   *
   * <p>The nodes are sorted once, and the ready ones are kept as their ranks in that order: the
   * first ready object is the lowest rank set, with no comparisons.
   */
  private static List<DumpObject> sort(List<DumpObject> nodes, Graph graph, List<DumpObject> all) {
    List<DumpObject> ranked = new ArrayList<>(nodes);
    ranked.sort(DumpObject.ORDER);
    Map<DumpObject, Integer> rank = new HashMap<>();
    for (DumpObject n : ranked) rank.put(n, rank.size());
    int[] pending = new int[ranked.size()];
    List<List<DumpObject>> dependents = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) dependents.add(null);
    for (DumpObject n : ranked) {
      int r = rank.get(n);
      for (DumpObject needed : graph.needs(n)) {
        Integer of = rank.get(needed);
        if (of == null) continue; // not among the nodes
        pending[r]++;
        if (dependents.get(of) == null) dependents.set(of, new ArrayList<>(2));
        dependents.get(of).add(n);
      }
    }
    BitSet ready = new BitSet(ranked.size());
    BitSet done = new BitSet(ranked.size());
    for (int r = 0; r < pending.length; r++) if (pending[r] == 0) ready.set(r);
    List<DumpObject> sorted = new ArrayList<>(ranked.size());
    int from = 0; // no ready rank below this one
    while (sorted.size() < ranked.size()) {
      int next = ready.nextSetBit(from);
      if (next < 0) {
        List<DumpObject> cycle = cycle(ranked, done, rank, graph);
        if (detach(cycle, graph, all)) return null;
        next = rank.get(cycle.stream().min(DumpObject.ORDER).orElseThrow());
      }
      ready.clear(next);
      done.set(next);
      from = next;
      sorted.add(ranked.get(next));
      List<DumpObject> waiting = dependents.get(next);
      if (waiting == null) continue;
      for (DumpObject d : waiting) {
        int r = rank.get(d);
        if (--pending[r] == 0 && !done.get(r)) {
          ready.set(r);
          from = Math.min(from, r);
        }
      }
    }
    return sorted;
  }

  /**
   * A cycle among the objects not yet sorted, each requiring the next (and the last the first).
   * {@code ranked} is in {@link DumpObject#ORDER}; {@code rank} holds exactly its objects.
   */
  private static List<DumpObject> cycle(
      List<DumpObject> ranked, BitSet done, Map<DumpObject, Integer> rank, Graph graph) {
    DumpObject current = ranked.get(done.nextClearBit(0));
    List<DumpObject> path = new ArrayList<>();
    Map<DumpObject, Integer> position = new HashMap<>();
    while (!position.containsKey(current)) {
      position.put(current, path.size());
      path.add(current);
      current =
          graph.needs(current).stream()
              .filter(n -> rank.containsKey(n) && !done.get(rank.get(n)))
              .min(DumpObject.ORDER)
              .orElseThrow();
    }
    return path.subList(position.get(current), path.size());
  }

  /** Splits off a detachable part whose dependency is an edge of {@code cycle}, if there is one. */
  private static boolean detach(List<DumpObject> cycle, Graph graph, List<DumpObject> all) {
    for (int i = 0; i < cycle.size(); i++) {
      DumpObject from = cycle.get(i);
      DumpObject to = cycle.get((i + 1) % cycle.size());
      for (CatalogId part : graph.parts(from, to)) {
        if (from.canDetach(part)) {
          all.add(from.detach(part));
          return true;
        }
      }
    }
    return false;
  }
}
