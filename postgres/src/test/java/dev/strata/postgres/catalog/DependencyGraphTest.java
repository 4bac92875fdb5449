package dev.strata.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.postgres.catalog.DependencyGraph.Dependency;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  private static DumpObject object(Kind kind, String name, CatalogId... covers) {
    DumpObject o = new DumpObject(kind, "s", name, List.of(kind + " " + name));
    for (CatalogId id : covers) o.covers(id);
    return o;
  }

  private static Dependency depends(CatalogId dependent, CatalogId referenced, char type) {
    return new Dependency(dependent, referenced, type);
  }

  private static List<String> names(List<DumpObject> objects) {
    return objects.stream().map(DumpObject::name).toList();
  }

  @Test
  void dependenciesComeFirstAndKindSchemaNameDecideTheRest() {
    CatalogId f = CatalogId.function(1);
    CatalogId d = CatalogId.type(2);
    CatalogId t = CatalogId.relation(3);
    List<DumpObject> objects =
        List.of(
            object(Kind.TABLE, "t", t),
            object(Kind.TABLE, "a_table", CatalogId.relation(4)),
            object(Kind.TYPE, "d", d),
            object(Kind.TYPE, "z_type", CatalogId.type(5)),
            object(Kind.FUNCTION, "f", f),
            object(Kind.SCHEMA, "s", CatalogId.namespace(6)));
    List<Dependency> deps = List.of(depends(d, f, 'n'), depends(t, d, 'n'));

    DependencyGraph.Order order = DependencyGraph.order(objects, deps);

    // A domain whose CHECK calls f waits for f although types come before functions.
    assertThat(names(order.preData())).containsExactly("s", "z_type", "f", "d", "a_table", "t");
    assertThat(order.postData()).isEmpty();
  }

  @Test
  void theOrderDoesNotDependOnTheOrderObjectsWereRead() {
    List<DumpObject> objects = new ArrayList<>();
    List<Dependency> deps = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      objects.add(object(i % 2 == 0 ? Kind.TABLE : Kind.FUNCTION, "o" + i, CatalogId.relation(i)));
      if (i > 2) deps.add(depends(CatalogId.relation(i), CatalogId.relation(i / 3), 'n'));
    }
    List<String> expected = names(DependencyGraph.order(objects, deps).preData());
    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      List<DumpObject> shuffled = new ArrayList<>(objects);
      Collections.shuffle(shuffled, random);
      List<Dependency> shuffledDeps = new ArrayList<>(deps);
      Collections.shuffle(shuffledDeps, random);
      assertThat(names(DependencyGraph.order(shuffled, shuffledDeps).preData()))
          .isEqualTo(expected);
    }
  }

  @Test
  void internalPartsAndExtensionMembersBelongToTheirOwner() {
    CatalogId type = CatalogId.type(10);
    CatalogId arrayType = CatalogId.type(11);
    CatalogId extension = CatalogId.extension(12);
    CatalogId extensionType = CatalogId.type(13);
    CatalogId extensionArray = CatalogId.type(14);
    CatalogId table = CatalogId.relation(15);
    List<DumpObject> objects =
        List.of(
            object(Kind.TABLE, "a", table),
            object(Kind.TYPE, "mood", type),
            object(Kind.EXTENSION, "z_ext", extension));
    List<Dependency> deps =
        List.of(
            depends(arrayType, type, 'i'),
            depends(extensionType, extension, 'e'),
            depends(extensionArray, extensionType, 'i'),
            depends(table, arrayType, 'n'),
            depends(table, extensionArray, 'n'));

    assertThat(names(DependencyGraph.order(objects, deps).preData()))
        .containsExactly("z_ext", "mood", "a");
  }

  @Test
  void aCycleThroughAColumnDefaultIsBrokenBySplittingOffTheDefault() {
    CatalogId table = CatalogId.relation(20);
    CatalogId columnDefault = CatalogId.columnDefault(21);
    CatalogId function = CatalogId.function(22);
    DumpObject t = object(Kind.TABLE, "counters", table, columnDefault);
    t.detachable(
        columnDefault,
        () -> new DumpObject(Kind.COLUMN_DEFAULT, "s", "counters value", List.of("SET DEFAULT")));
    List<DumpObject> objects = List.of(t, object(Kind.FUNCTION, "count_counters", function));
    List<Dependency> deps =
        List.of(
            depends(columnDefault, function, 'n'), // the default calls the function
            depends(function, table, 'n')); // whose BEGIN ATOMIC body reads the table

    DependencyGraph.Order order = DependencyGraph.order(objects, deps);

    assertThat(names(order.preData()))
        .containsExactly("counters", "count_counters", "counters value");
    assertThat(t.covers()).doesNotContain(columnDefault);
  }

  @Test
  void aCycleWithNothingToSplitOffIsBrokenAtItsFirstObject() {
    CatalogId f = CatalogId.function(30);
    CatalogId g = CatalogId.function(31);
    List<DumpObject> objects =
        List.of(object(Kind.FUNCTION, "g", g), object(Kind.FUNCTION, "f", f));
    List<Dependency> deps = List.of(depends(f, g, 'n'), depends(g, f, 'n'));

    assertThat(names(DependencyGraph.order(objects, deps).preData())).containsExactly("f", "g");
  }

  @Test
  void aPreDataObjectThatNeedsAConstraintTakesItBeforeTheData() {
    CatalogId table = CatalogId.relation(40);
    CatalogId key = CatalogId.constraint(41);
    CatalogId view = CatalogId.relation(42);
    DumpObject primaryKey = object(Kind.CONSTRAINT, "t t_pkey", key).requires(table);
    List<DumpObject> objects =
        List.of(
            object(Kind.TABLE, "t", table),
            object(Kind.TABLE, "a_view", view),
            primaryKey,
            object(Kind.INDEX, "other_index", CatalogId.relation(43)).requires(table));
    // A view that groups by t's primary key and selects other columns of t.
    List<Dependency> deps = List.of(depends(view, key, 'n'), depends(view, table, 'n'));

    DependencyGraph.Order order = DependencyGraph.order(objects, deps);

    assertThat(names(order.preData())).containsExactly("t", "t t_pkey", "a_view");
    assertThat(names(order.postData())).containsExactly("other_index");
  }

  @Test
  void aSerialSequenceComesBeforeItsTableAndOwnedByAfter() {
    CatalogId sequence = CatalogId.relation(50);
    CatalogId table = CatalogId.relation(51);
    CatalogId columnDefault = CatalogId.columnDefault(52);
    List<DumpObject> objects =
        List.of(
            object(Kind.TABLE, "a_table", table, columnDefault),
            object(Kind.TABLE, "z_seq", sequence).ownedSequence(),
            object(Kind.SEQUENCE_OWNED_BY, "z_seq").requires(sequence).requires(table));
    List<Dependency> deps =
        List.of(depends(columnDefault, sequence, 'n'), depends(sequence, table, 'a'));

    assertThat(names(DependencyGraph.order(objects, deps).preData()))
        .containsExactly("z_seq", "a_table", "z_seq");
  }

  @Test
  void postDataIsOrderedAmongItselfOnly() {
    CatalogId table = CatalogId.relation(60);
    CatalogId key = CatalogId.constraint(61);
    CatalogId keyIndex = CatalogId.relation(62);
    CatalogId foreignKey = CatalogId.constraint(63);
    List<DumpObject> objects =
        List.of(
            object(Kind.FOREIGN_KEY, "a_fk", foreignKey).requires(table),
            object(Kind.CONSTRAINT, "z_pkey", key, keyIndex).requires(table),
            object(Kind.TABLE, "t", table));
    // The foreign key references the unique index behind the primary key.
    List<Dependency> deps = List.of(depends(foreignKey, keyIndex, 'n'));

    DependencyGraph.Order order = DependencyGraph.order(objects, deps);

    assertThat(names(order.preData())).containsExactly("t");
    assertThat(names(order.postData())).containsExactly("z_pkey", "a_fk");
  }
}
