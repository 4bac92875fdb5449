package dev.strata.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which btree builds a restore runs with the small sort memory, read from a real catalog: text
 * under a libc collation other than C, and nothing else. (In the postgres module's package, to
 * reach the class; here, because the test servers are here.)
 */
class SortMemoryCatalogTest {

  /** A libc collation of the server other than C and POSIX, if it has one. */
  private static Optional<String> costlyCollation(TestDatabase db) {
    List<String> names =
        db.column(
            "SELECT quote_ident(collname) FROM pg_collation WHERE collprovider = 'c'"
                + " AND collcollate NOT IN ('C', 'POSIX') AND collencoding IN (-1, 6)"
                + " ORDER BY collname LIMIT 1");
    return names.stream().findFirst();
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void onlyTextUnderACostlyCollationSortsInLessMemory(TestServer server) throws Exception {
    try (TestDatabase db = server.createDatabase();
        Connection c = db.connect()) {
      Optional<String> costly = costlyCollation(db);
      assumeTrue(costly.isPresent(), "the server has no libc collation other than C");
      db.execute(
          "CREATE TABLE t (id int, plain text COLLATE \"C\", costly text COLLATE "
              + costly.get()
              + ", doc jsonb)");
      SortMemory memory = new SortMemory(c);

      assertThat(memory.forIndex("CREATE INDEX a ON public.t USING btree (costly)"))
          .contains(SortMemory.SMALL);
      assertThat(memory.forIndex("ALTER TABLE ONLY public.t ADD CONSTRAINT u UNIQUE (costly, id)"))
          .contains(SortMemory.SMALL);
      assertThat(memory.forIndex("CREATE INDEX b ON public.t USING btree (id)")).isEmpty();
      assertThat(memory.forIndex("CREATE INDEX c ON public.t USING btree (plain)")).isEmpty();
      assertThat(memory.forIndex("CREATE INDEX d ON public.t USING btree (costly COLLATE \"C\")"))
          .isEmpty();
      assertThat(
              memory.forIndex(
                  "CREATE INDEX e ON public.t USING btree (plain COLLATE " + costly.get() + ")"))
          .contains(SortMemory.SMALL);
      assertThat(memory.forIndex("CREATE INDEX f ON public.t USING gin (doc)")).isEmpty();
      assertThat(memory.forIndex("CREATE INDEX g ON public.missing USING btree (x)")).isEmpty();
    }
  }

  private static RestoreScheduler.Work build(String sql) {
    return c -> {
      try (var st = c.createStatement()) {
        st.execute(sql);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void theSettingHoldsForTheBuildOnlyAndTheSessionStaysInAutocommit(TestServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase();
        Connection c = db.connect()) {
      db.execute("CREATE TABLE t (id int, name text)");
      String before = db.single("SHOW maintenance_work_mem");

      SortMemory.run(c, Optional.of(SortMemory.SMALL), build("CREATE INDEX t_name ON t (name)"));

      assertThat(c.getAutoCommit()).isTrue();
      try (var st = c.createStatement();
          var rs = st.executeQuery("SHOW maintenance_work_mem")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(before);
      }
      assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't'"))
          .containsExactly("t_name");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  SortMemory.run(
                      c, Optional.of(SortMemory.SMALL), build("CREATE INDEX t_bad ON t (missing)")))
          .hasMessageContaining("missing");
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't'"))
          .containsExactly("t_name");
    }
  }
}
