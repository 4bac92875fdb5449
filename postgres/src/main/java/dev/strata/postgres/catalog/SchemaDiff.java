package dev.strata.postgres.catalog;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaChange.Action;
import dev.strata.core.schema.SchemaChange.Phase;
import dev.strata.postgres.Sql;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The changes that turn one schema into another, in an order that runs: first, walking the old
 * schema from its last object back, the drops (an object before what it needs) and the subtractive
 * part of altered tables; then, walking the new schema in creation order, the creates and the rest
 * of the alters. Objects that PostgreSQL cannot alter in place are dropped and created again, and
 * so is everything that depends on them. Renames are never guessed: a renamed object is a drop and
 * a create, marked destructive, with a hint.
 *
 * <p>Where PostgreSQL offers a form that locks less, the change uses it and says so: an index on an
 * existing table is built CONCURRENTLY (in a phase of its own), foreign keys and checks are added
 * NOT VALID then validated, SET NOT NULL goes through a validated CHECK.
 */
public final class SchemaDiff {
  private final List<SchemaChange> changes;

  private SchemaDiff(List<SchemaChange> changes) {
    this.changes = List.copyOf(changes);
  }

  public List<SchemaChange> changes() {
    return changes;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The changes that can lose data. */
  public List<SchemaChange> destructive() {
    return changes.stream().filter(SchemaChange::destructive).toList();
  }

  /** The changes of one phase, in order. */
  public List<SchemaChange> phase(Phase phase) {
    return changes.stream().filter(c -> c.phase() == phase).toList();
  }

  public static SchemaDiff between(SchemaModel from, SchemaModel to) {
    return new Planner(from, to).plan();
  }

  /** Works out one diff. */
  private static final class Planner {
    private final SchemaModel from;
    private final SchemaModel to;
    private final Set<String> removed = new HashSet<>();
    private final Set<String> recreated = new HashSet<>();
    private final Map<String, String> recreateReasons = new HashMap<>();
    private final Set<String> replaced = new HashSet<>();
    private final Map<String, TableDiff> altered = new LinkedHashMap<>();
    private final Map<String, List<String>> enumValues = new HashMap<>();
    private final Map<String, List<String>> sequenceAlters = new HashMap<>();
    // Made on first use: a diff that creates thousands of indexes or drops thousands of tables
    // would otherwise walk the whole schema for each one.
    private Set<DumpObject> required;
    private List<TableShape> addedTables;
    private final Map<TableShape, List<String>> columnLists = new IdentityHashMap<>();

    Planner(SchemaModel from, SchemaModel to) {
      this.from = from;
      this.to = to;
    }

    SchemaDiff plan() {
      Map<String, DumpObject> old = from.objects();
      Map<String, DumpObject> now = to.objects();
      for (String key : old.keySet()) if (!now.containsKey(key)) removed.add(key);
      for (Map.Entry<String, DumpObject> e : now.entrySet()) {
        DumpObject was = old.get(e.getKey());
        if (was != null) compare(e.getKey(), was, e.getValue());
      }
      propagate();

      List<SchemaChange> before = new ArrayList<>();
      List<SchemaChange> main = new ArrayList<>();
      List<SchemaChange> after = new ArrayList<>();
      List<DumpObject> backwards = new ArrayList<>(old.values());
      Collections.reverse(backwards);
      for (DumpObject o : backwards) {
        String key = SchemaModel.key(o);
        if (removed.contains(key) && !goesWithParent(o)) {
          main.add(drop(o, Action.DROP));
        } else if (recreated.contains(key) && !o.dropStatements().isEmpty()) {
          main.add(drop(o, Action.RECREATE));
        } else if (altered.containsKey(key)) {
          main.addAll(altered.get(key).before());
        }
      }
      for (DumpObject o : now.values()) {
        String key = SchemaModel.key(o);
        DumpObject was = old.get(key);
        if (was == null || recreated.contains(key)) {
          SchemaChange create = create(o, was == null ? Action.CREATE : Action.RECREATE);
          if (create.statements().isEmpty()) continue;
          (create.phase() == Phase.AFTER ? after : main).add(create);
          if (!o.comments().isEmpty())
            (create.phase() == Phase.AFTER ? after : main)
                .add(comment(o, new ArrayList<>(o.comments())));
          continue;
        }
        if (enumValues.containsKey(key))
          before.add(
              new SchemaChange(
                  Action.ALTER,
                  name(o),
                  enumValues.get(key),
                  false,
                  "a new enum value must be committed before it is used",
                  Phase.BEFORE));
        if (sequenceAlters.containsKey(key))
          main.add(
              new SchemaChange(
                  Action.ALTER, name(o), sequenceAlters.get(key), false, null, Phase.MAIN));
        if (replaced.contains(key))
          main.add(
              new SchemaChange(
                  Action.REPLACE,
                  name(o),
                  to.statementsOf(o),
                  false,
                  "replaced in place: what depends on it stays",
                  Phase.MAIN));
        if (altered.containsKey(key)) main.addAll(altered.get(key).after());
        List<String> comments = commentChanges(was, o);
        if (!comments.isEmpty()) main.add(comment(o, comments));
      }
      List<SchemaChange> all = new ArrayList<>(before);
      all.addAll(main);
      all.addAll(after);
      return new SchemaDiff(all);
    }

    /** Decides how an object that exists on both sides changes, if it does. */
    private void compare(String key, DumpObject was, DumpObject now) {
      if (from.statementsOf(was).equals(to.statementsOf(now))) return;
      if (was.detail() instanceof TableShape a && now.detail() instanceof TableShape b) {
        String reason = TableDiff.recreateReason(a, b);
        if (reason != null) {
          recreate(key, "the table is recreated and its rows are lost: " + reason);
          return;
        }
        TableDiff diff = TableDiff.between(a, b);
        if (!diff.isEmpty()) altered.put(key, diff);
        return;
      }
      if (was.detail() instanceof TypeReader.EnumLabels a
          && now.detail() instanceof TypeReader.EnumLabels b) {
        List<String> added = addedValues(now, a.labels(), b.labels());
        if (added != null) {
          enumValues.put(key, added);
          return;
        }
        recreate(
            key,
            "enum values were removed or reordered: PostgreSQL cannot drop an enum value, so the"
                + " type is recreated; convert the columns that use it by hand");
        return;
      }
      if (was.detail() instanceof Sequence a && now.detail() instanceof Sequence b) {
        if (a.unlogged() == b.unlogged()) {
          sequenceAlters.put(
              key, List.of("ALTER SEQUENCE " + b.ident() + " AS " + b.type() + " " + b.options()));
          return;
        }
      }
      if ((now.kind() == Kind.FUNCTION) && sameHeader(was, now)) {
        replaced.add(key);
        return;
      }
      recreate(key, null);
    }

    private void recreate(String key, String reason) {
      recreated.add(key);
      if (reason != null) recreateReasons.put(key, reason);
    }

    /**
     * Everything that depends on an object that is dropped or recreated is recreated too, and so
     * are the views, policies, triggers and rules of a table whose column changes type (PostgreSQL
     * refuses to change a type that one of them reads). Plain tables are never recreated this way:
     * their data would be lost.
     */
    private void propagate() {
      Deque<DumpObject> work = new ArrayDeque<>();
      List<DumpObject> retyped = new ArrayList<>();
      for (DumpObject o : from.objects().values()) {
        String key = SchemaModel.key(o);
        if (removed.contains(key) || recreated.contains(key)) work.add(o);
        TableDiff diff = altered.get(key);
        if (diff != null && diff.typeChanged()) retyped.add(o);
      }
      if (work.isEmpty() && retyped.isEmpty()) return; // nothing goes, nothing changes type
      Map<DumpObject, List<DumpObject>> dependents = new HashMap<>();
      for (DumpObject o : from.objects().values())
        for (DumpObject needed : from.requires(o))
          dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(o);
      // What is marked is the closure of the seeds, whatever the order they are marked in.
      for (DumpObject o : retyped) {
        for (DumpObject d : dependents.getOrDefault(o, List.of())) {
          if (d.kind() == Kind.TABLE
              || d.kind() == Kind.POLICY
              || d.kind() == Kind.TRIGGER
              || d.kind() == Kind.RULE) mark(d, work);
        }
      }
      while (!work.isEmpty()) {
        DumpObject o = work.poll();
        for (DumpObject d : dependents.getOrDefault(o, List.of())) mark(d, work);
      }
    }

    private void mark(DumpObject o, Deque<DumpObject> work) {
      String key = SchemaModel.key(o);
      if (removed.contains(key) || recreated.contains(key)) return;
      if (o.detail() instanceof TableShape) return;
      if (!to.objects().containsKey(key)) return;
      recreated.add(key);
      altered.remove(key);
      replaced.remove(key);
      work.add(o);
    }

    /** A constraint, index or trigger of a dropped table goes with it. */
    private boolean goesWithParent(DumpObject o) {
      DumpObject parent = from.parent(o);
      if (parent == null) return false;
      String key = SchemaModel.key(parent);
      return removed.contains(key) || recreated.contains(key);
    }

    private SchemaChange drop(DumpObject o, Action action) {
      String key = SchemaModel.key(o);
      boolean destructive = isData(o);
      String reason = recreateReasons.get(key);
      if (reason == null && destructive) reason = dataLoss(o);
      if (action == Action.DROP && o.detail() instanceof TableShape shape)
        reason = reason + renameHint(shape);
      return new SchemaChange(action, name(o), o.dropStatements(), destructive, reason, Phase.MAIN);
    }

    private SchemaChange create(DumpObject o, Action action) {
      List<String> statements = to.statementsOf(o);
      DumpObject parent = to.parent(o);
      boolean existingTable =
          parent != null
              && parent.detail() instanceof TableShape shape
              && shape.isPlain()
              && from.objects().containsKey(SchemaModel.key(parent))
              && !recreated.contains(SchemaModel.key(parent));
      if (existingTable && o.kind() == Kind.INDEX && statements.size() == 1 && !neededByOthers(o)) {
        String concurrent =
            statements.get(0).replaceFirst("^(CREATE (UNIQUE )?INDEX) ", "$1 CONCURRENTLY ");
        return new SchemaChange(
            action,
            name(o),
            List.of(concurrent),
            false,
            "built CONCURRENTLY: writes go on while it builds; it cannot run in a transaction",
            Phase.AFTER,
            List.of("DROP INDEX CONCURRENTLY IF EXISTS " + name(o).substring("INDEX ".length())));
      }
      if (existingTable
          && (o.kind() == Kind.FOREIGN_KEY || o.kind() == Kind.CONSTRAINT)
          && statements.size() == 1
          && isCheckOrForeignKey(statements.get(0))
          && !statements.get(0).endsWith(" NOT VALID")) {
        String constraint = constraintName(o);
        String table = ((TableShape) parent.detail()).table().ident();
        return new SchemaChange(
            action,
            name(o),
            List.of(
                statements.get(0) + " NOT VALID",
                "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + constraint),
            false,
            "added NOT VALID, then validated: the scan does not block writes",
            Phase.MAIN);
      }
      String reason = action == Action.RECREATE ? recreateReasons.get(SchemaModel.key(o)) : null;
      return new SchemaChange(action, name(o), statements, false, reason, Phase.MAIN);
    }

    /** Whether an object created in this diff needs the index (CLUSTER ON, a replica identity). */
    private boolean neededByOthers(DumpObject index) {
      if (required == null) {
        required = new HashSet<>();
        for (DumpObject o : to.objects().values()) required.addAll(to.requires(o));
      }
      return required.contains(index);
    }

    private static boolean isCheckOrForeignKey(String sql) {
      return sql.contains(" FOREIGN KEY (") || sql.matches("(?s).* ADD CONSTRAINT \\S+ CHECK .*");
    }

    /** {@code name} from the object's name "table name". */
    private static String constraintName(DumpObject o) {
      String target = o.target();
      return target.substring("CONSTRAINT ".length(), target.lastIndexOf(" ON "));
    }

    private SchemaChange comment(DumpObject o, List<String> statements) {
      return new SchemaChange(Action.COMMENT, name(o), statements, false, null, Phase.MAIN);
    }

    /** COMMENT statements that make {@code was}'s comments {@code now}'s. */
    private List<String> commentChanges(DumpObject was, DumpObject now) {
      if (was.comments().equals(now.comments())) return List.of();
      Map<String, String> old = commentsByTarget(was);
      Map<String, String> next = commentsByTarget(now);
      if (old.equals(next)) return List.of();
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> e : next.entrySet())
        if (!Objects.equals(old.get(e.getKey()), e.getValue())) out.add(e.getValue());
      Set<String> columns = new HashSet<>();
      if (now.detail() instanceof TableShape shape)
        for (Column c : shape.columns()) columns.add(shape.table().ident() + "." + c.ident());
      for (String target : old.keySet()) {
        if (next.containsKey(target)) continue;
        if (target.startsWith("COLUMN ") && !columns.contains(target.substring(7))) continue;
        if (target.startsWith("CONSTRAINT ")) continue; // a dropped check takes its comment
        out.add("COMMENT ON " + target + " IS NULL");
      }
      return out;
    }

    private static Map<String, String> commentsByTarget(DumpObject o) {
      Map<String, String> map = new LinkedHashMap<>();
      for (String c : o.comments()) {
        String rest = c.substring("COMMENT ON ".length());
        int is = rest.lastIndexOf(" IS '");
        map.put(is < 0 ? rest : rest.substring(0, is), c);
      }
      return map;
    }

    /** ALTER TYPE ... ADD VALUE statements, or null when values were removed or reordered. */
    private static List<String> addedValues(DumpObject type, List<String> was, List<String> now) {
      int i = 0;
      for (String label : now) if (i < was.size() && label.equals(was.get(i))) i++;
      if (i != was.size()) return null;
      String ident = type.target().substring("TYPE ".length());
      Set<String> existing = new HashSet<>(was);
      List<String> out = new ArrayList<>();
      for (int k = 0; k < now.size(); k++) {
        String label = now.get(k);
        if (existing.contains(label)) continue;
        String next = null;
        for (int j = k + 1; j < now.size() && next == null; j++)
          if (existing.contains(now.get(j))) next = now.get(j);
        out.add(
            "ALTER TYPE "
                + ident
                + " ADD VALUE "
                + literal(label)
                + (next == null ? "" : " BEFORE " + literal(next)));
        if (next == null) existing.add(label);
      }
      return out;
    }

    /**
     * CREATE OR REPLACE keeps a function's dependents, but PostgreSQL refuses it when the
     * arguments' names or the result type change: compare the header lines.
     */
    private boolean sameHeader(DumpObject was, DumpObject now) {
      return header(from.statementsOf(was)).equals(header(to.statementsOf(now)));
    }

    private static String header(List<String> statements) {
      if (statements.size() != 1) return String.join("\n", statements);
      String[] lines = statements.get(0).split("\n", 3);
      return lines[0] + (lines.length > 1 && lines[1].startsWith(" RETURNS ") ? lines[1] : "");
    }

    private static boolean isData(DumpObject o) {
      return o.detail() instanceof TableShape;
    }

    private static String dataLoss(DumpObject o) {
      return "drops the table and every row in it";
    }

    private String renameHint(TableShape dropped) {
      if (addedTables == null) {
        addedTables = new ArrayList<>();
        for (DumpObject o : to.objects().values()) {
          if (!from.objects().containsKey(SchemaModel.key(o))
              && o.detail() instanceof TableShape added) addedTables.add(added);
        }
      }
      for (TableShape added : addedTables) {
        if (sameColumns(dropped, added)) {
          return "; if it was renamed to "
              + added.table().ident()
              + ", write ALTER TABLE "
              + dropped.table().ident()
              + " RENAME TO "
              + Sql.identifier(added.table().name())
              + " instead (renames are never guessed)";
        }
      }
      return "";
    }

    private boolean sameColumns(TableShape a, TableShape b) {
      return columnsOf(a).equals(columnsOf(b));
    }

    private List<String> columnsOf(TableShape table) {
      return columnLists.computeIfAbsent(
          table, t -> t.columns().stream().map(c -> c.name() + " " + c.type()).toList());
    }

    private static String name(DumpObject o) {
      return o.target() != null ? o.target() : o.kind() + " " + o.schema() + "." + o.name();
    }

    private static String literal(String value) {
      return "'" + value.replace("'", "''") + "'";
    }
  }
}
