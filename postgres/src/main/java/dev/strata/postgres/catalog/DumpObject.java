package dev.strata.postgres.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One node of the dump: the statements that create one object (a table with its columns, an index,
 * a policy, ...), the catalog rows it stands for, and what it requires besides what pg_depend says.
 */
final class DumpObject {
  /** Restore order where dependencies leave a choice: kind, then schema, then name. */
  static final Comparator<DumpObject> ORDER = DumpObject::compareOrder;

  private final Kind kind;
  private final String schema;
  private final String name;
  private final Supplier<List<String>> statements;
  // Lists rather than sets: an object covers and requires a handful of rows, and a schema has
  // tens of thousands of objects. Each row is kept once, in the order it was added.
  private final List<CatalogId> covers = new ArrayList<>(2);
  private final List<CatalogId> requires = new ArrayList<>(1);
  private Map<CatalogId, Supplier<DumpObject>> detachable; // made on first use
  private final List<String> comments = new ArrayList<>();
  private final List<String> privileges = new ArrayList<>();
  private Section section;
  private boolean ownedSequence;
  private String ownerTarget;
  private String owner;
  private DumpObject subject;
  private String target;
  private List<String> drops;
  private Object detail;
  private String key;

  /**
   * @param schema schema name for ordering ("" for schemas and extensions)
   * @param name name for ordering, unique among objects of its kind and schema
   * @param statements rendered when the dump is written: a table may lose a default or check that
   *     had to be split off to break a dependency cycle
   */
  DumpObject(Kind kind, String schema, String name, Supplier<List<String>> statements) {
    this.kind = kind;
    this.schema = schema;
    this.name = name;
    this.statements = statements;
    this.section = kind.section();
  }

  DumpObject(Kind kind, String schema, String name, List<String> statements) {
    this(kind, schema, name, () -> statements);
  }

  // Written out rather than composed from Comparator.comparing: the sort calls it a hundred
  // thousand times, mostly before the JIT has compiled it. The statements, rendered only on a
  // tie, keep the order total.
  private static int compareOrder(DumpObject a, DumpObject b) {
    int c = a.kind.compareTo(b.kind);
    if (c == 0) c = a.schema.compareTo(b.schema);
    if (c == 0) c = a.name.compareTo(b.name);
    if (c == 0) c = String.join("\n", a.statements()).compareTo(String.join("\n", b.statements()));
    return c;
  }

  Kind kind() {
    return kind;
  }

  String schema() {
    return schema;
  }

  String name() {
    return name;
  }

  List<String> statements() {
    return statements.get();
  }

  /**
   * The identity of the object across databases: kind, schema and name (see {@link SchemaModel}).
   * Kept once made: a diff looks it up several times for every object of both schemas.
   */
  String key() {
    if (key == null) key = kind + " " + schema + "." + name;
    return key;
  }

  Section section() {
    return section;
  }

  /** Moves a post-data object before the data, because a pre-data object needs it. */
  void moveToPreData() {
    section = Section.PRE_DATA;
  }

  /** Catalog rows this object creates; dependencies of and on them are this object's. */
  DumpObject covers(CatalogId id) {
    if (!covers.contains(id)) covers.add(id);
    return this;
  }

  List<CatalogId> covers() {
    return Collections.unmodifiableList(covers);
  }

  /** A catalog row that must exist first, beyond what pg_depend records. */
  DumpObject requires(CatalogId id) {
    if (!requires.contains(id)) requires.add(id);
    return this;
  }

  List<CatalogId> requires() {
    return Collections.unmodifiableList(requires);
  }

  /**
   * A part (a column default, a CHECK) covered by this object that can become an object of its own
   * when its dependencies form a cycle with this object's.
   */
  void detachable(CatalogId part, Supplier<DumpObject> detach) {
    if (detachable == null) detachable = new LinkedHashMap<>();
    detachable.put(part, detach);
  }

  boolean canDetach(CatalogId part) {
    return detachable != null && detachable.containsKey(part);
  }

  /** Splits off {@code part}: this object stops rendering it, the returned object does. */
  DumpObject detach(CatalogId part) {
    DumpObject detached = detachable.remove(part).get();
    covers.remove(part);
    detached.covers(part);
    return detached;
  }

  /**
   * A sequence owned by a column (serial): its automatic dependency on the table is the OWNED BY
   * link, stated after the table, while the table's default needs the sequence first.
   */
  DumpObject ownedSequence() {
    ownedSequence = true;
    return this;
  }

  boolean isOwnedSequence() {
    return ownedSequence;
  }

  /** The object's owner, changed with {@code ALTER <target> OWNER TO <owner>}. */
  DumpObject owner(String target, String owner) {
    this.ownerTarget = target;
    this.owner = owner;
    return this;
  }

  String ownerStatement() {
    return owner == null ? null : "ALTER " + ownerTarget + " OWNER TO " + owner;
  }

  /** The object another statement is about, such as the materialized view a REFRESH fills. */
  DumpObject subject(DumpObject subject) {
    this.subject = subject;
    return this;
  }

  DumpObject subject() {
    return subject;
  }

  void addComment(String statement) {
    comments.add(statement);
  }

  List<String> comments() {
    return comments;
  }

  void addPrivilege(String statement) {
    privileges.add(statement);
  }

  List<String> privileges() {
    return privileges;
  }

  /**
   * How COMMENT ON names the object ({@code TABLE "s"."t"}, {@code CONSTRAINT "c" ON "s"."t"}): the
   * first name registered for it. Null for objects that are statements about another one (an
   * ATTACH, a setting).
   */
  String target() {
    return target;
  }

  void targetIfAbsent(String target) {
    if (this.target == null) this.target = target;
  }

  /** Statements that undo this object, where {@code DROP <target>} is not the way. */
  DumpObject drops(List<String> statements) {
    this.drops = List.copyOf(statements);
    return this;
  }

  /**
   * The statements that remove this object: explicit ones, else derived from its name. Empty for
   * what goes with another object (an index attached to a partitioned index, a REFRESH).
   */
  List<String> dropStatements() {
    if (drops != null) return drops;
    if (target == null) return List.of();
    if (target.startsWith("CONSTRAINT ")) {
      // CONSTRAINT "c" ON "s"."t"  /  CONSTRAINT "c" ON DOMAIN "s"."d"
      String rest = target.substring("CONSTRAINT ".length());
      int on = rest.indexOf(" ON DOMAIN ");
      if (on >= 0) {
        return List.of(
            "ALTER DOMAIN "
                + rest.substring(on + " ON DOMAIN ".length())
                + " DROP CONSTRAINT "
                + rest.substring(0, on));
      }
      on = rest.lastIndexOf(" ON ");
      return List.of(
          "ALTER TABLE "
              + rest.substring(on + " ON ".length())
              + " DROP CONSTRAINT "
              + rest.substring(0, on));
    }
    return List.of("DROP " + target);
  }

  /** What the diff needs beyond the statements: a table's shape, an enum's labels, a sequence. */
  DumpObject detail(Object detail) {
    this.detail = detail;
    return this;
  }

  Object detail() {
    return detail;
  }

  @Override
  public String toString() {
    return kind + " " + (schema.isEmpty() ? "" : schema + ".") + name;
  }
}
