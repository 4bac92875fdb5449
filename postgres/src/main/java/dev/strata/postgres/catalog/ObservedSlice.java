package dev.strata.postgres.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a schema that migrations can reach, for a shadow database that observes them: an
 * empty copy of a large schema takes seconds to build (each table, index and key is a file the
 * server creates and syncs), while a handful of migrations touch a handful of tables.
 *
 * <p>Kept: every object the migrations name, what those need (their dependency closure), and one
 * level of what needs them (views over a named table, the foreign keys of other tables that point
 * at it, its partitions and triggers), with what those in turn need. A function kept is read for
 * the names of tables its body uses (a trigger that writes to an audit table), and those are taken
 * as named too. Types, functions, schemas and extensions are always kept: they cost nothing to
 * build. Left out: the other tables, views and sequences, everything attached to them, and the
 * plain (non-unique) indexes of tables the migrations do not name, which they never lock, rebuild
 * or drop. Whatever needs a left-out object is left out with it.
 */
final class ObservedSlice {
  private static final Pattern WORD = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  /** A function body can name a table that names another...: a few rounds reach all of them. */
  private static final int ROUNDS = 5;

  private final SchemaModel model;
  private final Map<DumpObject, List<DumpObject>> dependents = new HashMap<>();
  private final Map<DumpObject, List<DumpObject>> attached = new HashMap<>();

  private ObservedSlice(SchemaModel model) {
    this.model = model;
    for (DumpObject o : model.objects().values()) {
      for (DumpObject needed : model.requires(o)) {
        dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(o);
      }
      DumpObject parent = model.parent(o);
      if (parent != null) attached.computeIfAbsent(parent, k -> new ArrayList<>()).add(o);
    }
  }

  /**
   * The objects to leave out of the shadow, for migrations whose text holds the words {@code
   * named}.
   */
  static Set<DumpObject> leftOut(SchemaModel model, Predicate<String> named) {
    return new ObservedSlice(model).leftOut(named);
  }

  private Set<DumpObject> leftOut(Predicate<String> named) {
    Set<String> bodyWords = new HashSet<>();
    Set<DumpObject> reached = Set.of();
    for (int round = 0; round < ROUNDS; round++) {
      Predicate<String> names = named.or(bodyWords::contains);
      reached = reach(names);
      int before = bodyWords.size();
      for (DumpObject o : reached) {
        if (o.kind() == Kind.FUNCTION) {
          for (String statement : model.statementsOf(o)) words(statement, bodyWords);
        }
      }
      if (bodyWords.size() == before) break;
    }
    Predicate<String> names = named.or(bodyWords::contains);
    Set<DumpObject> left = new HashSet<>();
    for (DumpObject o : model.objects().values()) { // creation order: what is needed comes first
      boolean out =
          (o.kind() == Kind.TABLE && !reached.contains(o))
              || plainIndexOfAnUnnamedTable(o, names)
              || (model.parent(o) != null && left.contains(model.parent(o)))
              || model.requires(o).stream().anyMatch(left::contains);
      if (out) left.add(o);
    }
    return left;
  }

  /** The named objects, what they need, and one level of what needs them. */
  private Set<DumpObject> reach(Predicate<String> names) {
    Set<DumpObject> reached = new HashSet<>();
    Deque<DumpObject> needs = new ArrayDeque<>();
    for (DumpObject o : model.objects().values()) {
      if (names.test(o.name().toLowerCase(Locale.ROOT))) {
        needs.add(o);
        List<DumpObject> withAttached = new ArrayList<>(List.of(o));
        withAttached.addAll(attached.getOrDefault(o, List.of()));
        for (DumpObject part : withAttached) {
          for (DumpObject user : dependents.getOrDefault(part, List.of())) {
            needs.add(user);
            if (model.parent(user) != null) needs.add(model.parent(user));
          }
        }
      }
    }
    while (!needs.isEmpty()) {
      DumpObject o = needs.poll();
      if (!reached.add(o)) continue;
      needs.addAll(model.requires(o));
      if (model.parent(o) != null) needs.add(model.parent(o));
    }
    return reached;
  }

  private boolean plainIndexOfAnUnnamedTable(DumpObject o, Predicate<String> names) {
    DumpObject table = model.parent(o);
    return o.kind() == Kind.INDEX
        && table != null
        && !names.test(o.name().toLowerCase(Locale.ROOT))
        && !names.test(table.name().toLowerCase(Locale.ROOT))
        && model.statementsOf(o).stream()
            .noneMatch(s -> s.regionMatches(true, 0, "CREATE UNIQUE", 0, 13));
  }

  private static void words(String text, Set<String> into) {
    Matcher m = WORD.matcher(text);
    while (m.find()) into.add(m.group().toLowerCase(Locale.ROOT));
  }
}
