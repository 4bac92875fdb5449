package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast and database-free: the schema suite's generator, options, output checks and report. */
class SchemaSuiteTest {

  @TempDir Path temp;

  private static final Pattern CREATE_TABLE =
      Pattern.compile("^CREATE TABLE public\\.(\\w+) \\(\\n(.*)\\n\\)$", Pattern.DOTALL);
  private static final Pattern CREATE_INDEX =
      Pattern.compile("^CREATE (UNIQUE )?INDEX (\\w+) ON public\\.(\\w+) \\(([\\w, ]+)\\)(.*)$");
  private static final Pattern ADD_FOREIGN_KEY =
      Pattern.compile(
          "^ALTER TABLE public\\.(\\w+) ADD CONSTRAINT (\\w+) FOREIGN KEY \\((\\w+)\\)"
              + " REFERENCES public\\.(\\w+) \\(id\\)( ON DELETE (CASCADE|SET NULL|RESTRICT))?$");
  private static final Pattern CONSTRAINT_LINE =
      Pattern.compile("^ {2}CONSTRAINT (\\w+) (PRIMARY KEY|UNIQUE) \\(([\\w, ]+)\\),?$");

  /** What the statements create, counted from the SQL text alone. */
  private record Parsed(
      int tables,
      int columns,
      int primaryKeys,
      int uniqueConstraints,
      int indexes,
      int foreignKeys,
      Set<String> relationNames) {
    int allIndexes() {
      return primaryKeys + uniqueConstraints + indexes;
    }
  }

  private static Parsed parse(List<String> statements) {
    int tables = 0;
    int columns = 0;
    int primaryKeys = 0;
    int uniqueConstraints = 0;
    int indexes = 0;
    int foreignKeys = 0;
    Set<String> relations = new HashSet<>();
    Map<String, Integer> position = new HashMap<>();
    for (String sql : statements) {
      Matcher table = CREATE_TABLE.matcher(sql);
      Matcher index = CREATE_INDEX.matcher(sql);
      Matcher fk = ADD_FOREIGN_KEY.matcher(sql);
      if (table.matches()) {
        tables++;
        assertThat(relations.add(table.group(1))).as("relation " + table.group(1)).isTrue();
        position.put(table.group(1), position.size());
        for (String line : table.group(2).split("\n")) {
          Matcher constraint = CONSTRAINT_LINE.matcher(line);
          if (constraint.matches()) {
            assertThat(relations.add(constraint.group(1))).as(constraint.group(1)).isTrue();
            if (constraint.group(2).equals("PRIMARY KEY")) {
              primaryKeys++;
            } else {
              uniqueConstraints++;
            }
          } else {
            assertThat(line).matches("^ {2}\\w+ [a-z]+(\\(\\d+(,\\d+)?\\))?( .*)?,$");
            columns++;
          }
        }
      } else if (index.matches()) {
        indexes++;
        assertThat(relations.add(index.group(2))).as("relation " + index.group(2)).isTrue();
      } else if (fk.matches()) {
        foreignKeys++;
      } else {
        throw new AssertionError("unexpected statement: " + sql);
      }
    }
    return new Parsed(
        tables, columns, primaryKeys, uniqueConstraints, indexes, foreignKeys, relations);
  }

  // ------------------------------------------------------------------ generator

  @Test
  void theIssuesSizeIsExactlyTwoThousandTablesTwentyThousandColumnsSixThousandIndexes() {
    LargeSchema schema = LargeSchema.generate(2000, LargeSchema.DEFAULT_SEED);
    assertThat(schema.counts()).isEqualTo(new LargeSchema.Counts(2000, 20_000, 6000, 2000, 3000));

    Parsed sql = parse(schema.statements(LargeSchema.Order.AS_GENERATED));
    assertThat(sql.tables()).isEqualTo(2000);
    assertThat(sql.columns()).isEqualTo(20_000);
    assertThat(sql.primaryKeys()).isEqualTo(2000);
    assertThat(sql.allIndexes()).isEqualTo(6000);
    assertThat(sql.foreignKeys()).isEqualTo(3000);
    // every name fits PostgreSQL's identifier limit, so none is silently truncated into another
    assertThat(sql.relationNames()).allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63));
  }

  @Test
  void countsScaleWithTheTableCount() {
    assertThat(LargeSchema.generate(200, 1).counts())
        .isEqualTo(new LargeSchema.Counts(200, 2000, 600, 200, 300));
    assertThat(LargeSchema.generate(201, 1).counts().foreignKeys()).isEqualTo(302); // 301.5
    // the first table has nothing earlier to reference, and no table gets more than two
    assertThat(LargeSchema.generate(1, 1).counts().foreignKeys()).isZero();
    assertThat(LargeSchema.generate(2, 1).counts().foreignKeys()).isEqualTo(2);
    assertThat(LargeSchema.generate(3, 1).counts().foreignKeys()).isEqualTo(4);
    assertThatThrownBy(() -> LargeSchema.generate(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameSeedGivesTheSameSqlAndAnotherSeedDoesNot() {
    List<String> a = LargeSchema.generate(300, 7).statements(LargeSchema.Order.AS_GENERATED);
    assertThat(LargeSchema.generate(300, 7).statements(LargeSchema.Order.AS_GENERATED))
        .isEqualTo(a);
    assertThat(LargeSchema.generate(300, 8).statements(LargeSchema.Order.AS_GENERATED))
        .isNotEqualTo(a);
  }

  @Test
  void shuffledOrderBuildsTheSameObjectsInAnotherOrder() {
    LargeSchema schema = LargeSchema.generate(300, 7);
    List<String> generated = schema.statements(LargeSchema.Order.AS_GENERATED);
    List<String> shuffled = schema.statements(LargeSchema.Order.SHUFFLED);
    assertThat(shuffled).isNotEqualTo(generated).containsExactlyInAnyOrderElementsOf(generated);
    // tables first, then indexes, then foreign keys, in both orders: any table order works
    for (List<String> order : List.of(generated, shuffled)) {
      int lastTable = -1;
      int firstForeignKey = Integer.MAX_VALUE;
      int lastIndex = -1;
      for (int i = 0; i < order.size(); i++) {
        String sql = order.get(i);
        if (sql.startsWith("CREATE TABLE")) {
          lastTable = i;
        } else if (sql.startsWith("CREATE")) {
          lastIndex = i;
        } else {
          firstForeignKey = Math.min(firstForeignKey, i);
        }
      }
      assertThat(lastTable).isLessThan(firstForeignKey);
      assertThat(lastIndex).isLessThan(firstForeignKey);
    }
  }

  @Test
  void tablesMixTypesIndexKindsAndReferenceOnlyEarlierTables() {
    LargeSchema schema = LargeSchema.generate(2000, LargeSchema.DEFAULT_SEED);
    Map<String, Integer> position = new HashMap<>();
    Set<String> types = new HashSet<>();
    Set<LargeSchema.IndexKind> kinds = EnumSet.noneOf(LargeSchema.IndexKind.class);
    Set<String> onDelete = new HashSet<>();
    for (LargeSchema.Table t : schema.tables()) {
      position.put(t.name(), position.size());
      assertThat(t.columns()).hasSize(LargeSchema.COLUMNS_PER_TABLE);
      assertThat(t.columns().get(0)).isEqualTo(new LargeSchema.Column("id", "bigint", true, null));
      assertThat(t.columns().stream().map(LargeSchema.Column::name).distinct())
          .hasSize(LargeSchema.COLUMNS_PER_TABLE);
      assertThat(t.indexes()).hasSize(LargeSchema.SECONDARY_INDEXES_PER_TABLE);
      assertThat(t.foreignKeys().size()).isBetween(0, 2);
      t.columns().forEach(c -> types.add(c.type().replaceAll("\\(.*", "")));
      t.indexes().forEach(i -> kinds.add(i.kind()));
      for (LargeSchema.ForeignKey f : t.foreignKeys()) {
        assertThat(position.get(f.referencedTable()))
            .as(t.name() + " -> " + f.referencedTable())
            .isNotNull()
            .isLessThan(position.get(t.name()));
        onDelete.add(String.valueOf(f.onDelete()));
        LargeSchema.Column column =
            t.columns().stream().filter(c -> c.name().equals(f.column())).findFirst().orElseThrow();
        assertThat(column.type()).isEqualTo("bigint");
        if ("SET NULL".equals(f.onDelete())) {
          assertThat(column.notNull()).isFalse();
        }
      }
    }
    assertThat(types)
        .containsExactlyInAnyOrder(
            "bigint",
            "integer",
            "text",
            "varchar",
            "numeric",
            "boolean",
            "timestamptz",
            "jsonb",
            "date",
            "uuid");
    assertThat(kinds).isEqualTo(EnumSet.allOf(LargeSchema.IndexKind.class));
    assertThat(onDelete).containsExactlyInAnyOrder("null", "CASCADE", "SET NULL", "RESTRICT");
  }

  @Test
  void statementsAreSentInTransactionsSmallEnoughForTheLockTable() {
    List<String> statements =
        LargeSchema.generate(2000, LargeSchema.DEFAULT_SEED).statements(LargeSchema.Order.SHUFFLED);
    List<List<String>> batches = LargeSchema.transactions(statements);
    assertThat(batches)
        .allSatisfy(b -> assertThat(b).hasSizeBetween(1, LargeSchema.STATEMENTS_PER_TRANSACTION));
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(statements);
  }

  @Test
  void databaseCommentRecordsTheGeneratorsParameters() {
    SchemaSource.Origin origin = new SchemaSource.Origin(2000, -5, LargeSchema.Order.SHUFFLED);
    assertThat(origin.comment())
        .isEqualTo("strata bench schema source: 2000 tables, seed -5, order shuffled");
    assertThat(SchemaSource.Origin.parse(origin.comment())).isEqualTo(origin);
    assertThat(SchemaSource.Origin.parse("someone else's database")).isNull();
    assertThat(SchemaSource.Origin.parse(null)).isNull();
  }

  // ------------------------------------------------------------------ options

  @Test
  void defaultsAndBothOptionSpellings() {
    SchemaOptions defaults = SchemaOptions.parse(new String[0]);
    assertThat(defaults.tables()).isEqualTo(2000);
    assertThat(defaults.runs()).isEqualTo(3);
    assertThat(defaults.warmup()).isEqualTo(1);
    assertThat(defaults.copy()).isEqualTo(SchemaOptions.Copy.SHUFFLED);
    assertThat(defaults.tools()).containsExactly("liquibase", "strata");
    assertThat(defaults.strataXmx()).isEqualTo("512m");
    assertThat(defaults.out()).isEqualTo(Path.of("bench/target/schema-result.json"));
    assertThat(defaults.keepSource()).isNull();

    SchemaOptions o =
        SchemaOptions.parse(
            new String[] {
              "--tables=200",
              "--runs",
              "1",
              "--warmup=0",
              "--copy",
              "template",
              "--keep-source",
              "schema_src",
              "--tools",
              "strata,liquibase",
              "--keep-logs"
            });
    assertThat(o.tables()).isEqualTo(200);
    assertThat(o.runs()).isEqualTo(1);
    assertThat(o.warmup()).isZero();
    assertThat(o.copy()).isEqualTo(SchemaOptions.Copy.TEMPLATE);
    assertThat(o.keepSource()).isEqualTo("schema_src");
    assertThat(o.tools()).containsExactly("liquibase", "strata");
    assertThat(o.keepLogs()).isTrue();
  }

  @Test
  void badOptionsAreUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"--tables", "0"},
            new String[] {"--tables", "many"},
            new String[] {"--runs", "0"},
            new String[] {"--tools", "flyway"},
            new String[] {"--copy", "clone"},
            new String[] {"--keep-source", "Src; DROP DATABASE postgres"},
            new String[] {"--strata-xmx", "lots"},
            new String[] {"--seed", "x"},
            new String[] {"--size-gb", "1"},
            new String[] {"--tables"})) {
      assertThatThrownBy(() -> SchemaOptions.parse(args))
          .as(String.join(" ", args))
          .isInstanceOf(Options.UsageException.class)
          .hasMessageNotContaining("null");
    }
  }

  // ------------------------------------------------------------------ tool output

  @Test
  void strataOutputWithNoChangesAndTimings() {
    SchemaTool.StrataOutput o =
        SchemaTool.StrataOutput.read(
            "{\n  \"changes\": [],\n  \"timings\": {\"readFromMillis\": 250, \"readToMillis\": 240.5,"
                + " \"diffMillis\": 9}, \"other\": {\"x\": [1, true, null, \"a\\\"b\"]}\n}\n");
    assertThat(o.problem()).isNull();
    assertThat(o.timings()).isEqualTo(new SchemaTool.Timings(250, 240.5, 9));
    assertThat(o.timings().afterStartupMillis()).isEqualTo(499.5);

    assertThat(o.shortfall(2000)).isNull(); // no object counts reported: nothing to check

    // strata's object counts, when present, must cover at least every table on both sides
    SchemaTool.StrataOutput counted =
        SchemaTool.StrataOutput.read(
            "{\"fromObjects\": 11000, \"toObjects\": 12, \"changes\": [], \"timings\": {}}");
    assertThat(counted.problem()).isNull();
    assertThat(counted.timings()).isNull();
    assertThat(counted.shortfall(2000)).startsWith("strata read 12 objects from one side");
    assertThat(counted.shortfall(12)).isNull();

    // progress lines before the result are tolerated; missing timings are not a failure
    SchemaTool.StrataOutput noTimings =
        SchemaTool.StrataOutput.read("reading schemas...\n{\"changes\": []}\n");
    assertThat(noTimings.problem()).isNull();
    assertThat(noTimings.timings()).isNull();
  }

  @Test
  void strataOutputThatFailsTheRun() {
    assertThat(
            SchemaTool.StrataOutput.read(
                    "{\"changes\": [{\"kind\": \"drop_index\", \"name\": \"t0001_x_idx\"}],"
                        + " \"timings\": {}}")
                .problem())
        .startsWith("1 change(s) between identical schemas, first: {")
        .contains("\"drop_index\"");
    assertThat(SchemaTool.StrataOutput.read("{\"timings\": {}}").problem())
        .isEqualTo("no \"changes\" array in the JSON output; members: [timings]");
    assertThat(SchemaTool.StrataOutput.read("").problem()).startsWith("stdout is not one JSON");
    assertThat(SchemaTool.StrataOutput.read("Unknown subcommand 'diff'.").problem())
        .startsWith("stdout is not one JSON object")
        .endsWith("Unknown subcommand 'diff'.");
    assertThat(SchemaTool.StrataOutput.read("[]").problem()).contains("not an object");
  }

  @Test
  void liquibaseSummaryLineMustShowTheWholeSchemaOnBothSides() {
    LargeSchema.Counts expected = new LargeSchema.Counts(200, 2000, 600, 200, 300);
    String counts =
        "200 tables, 2000 columns, 600 indexes, 200 primary keys, 33 unique constraints,"
            + " 300 foreign keys";
    SchemaTool.LiquibaseSummary s =
        SchemaTool.LiquibaseSummary.find(
            List.of(
                "Diff Results:",
                "INFO: Command execution complete",
                "[bench] reference " + counts + "; target " + counts + "; differences: none"));
    assertThat(s.reference()).isEqualTo(expected);
    assertThat(s.target()).isEqualTo(expected);
    assertThat(s.differences()).isEqualTo("none");
    assertThat(s.shortfall(expected)).isNull();

    SchemaTool.LiquibaseSummary partial =
        SchemaTool.LiquibaseSummary.find(
            List.of(
                "[bench] reference "
                    + counts
                    + "; target 200 tables, 2000 columns, 599 indexes, 200 primary keys,"
                    + " 33 unique constraints, 300 foreign keys; differences: 1, first: [x]"));
    assertThat(partial.shortfall(expected))
        .startsWith("Liquibase's target (B) snapshot holds 200 tables, 2,000 columns, 599 indexes");
    assertThat(partial.differences()).isEqualTo("1, first: [x]");
    assertThat(SchemaTool.LiquibaseSummary.find(List.of("nothing"))).isNull();
  }

  @Test
  void jsonReaderReadsValuesAndRejectsTrailingText() {
    Object value =
        JsonReader.parse(" {\"a\": [1, -2.5e1, \"x\\u0041\\n\"], \"b\": {}, \"c\": false} ");
    assertThat(value)
        .isEqualTo(Map.of("a", List.of(1.0, -25.0, "xA\n"), "b", Map.of(), "c", Boolean.FALSE));
    for (String bad : List.of("{\"a\": 1} x", "{\"a\" 1}", "[1, 2", "\"open", "{a: 1}", "")) {
      assertThatThrownBy(() -> JsonReader.parse(bad))
          .as(bad)
          .isInstanceOf(JsonReader.JsonException.class);
    }
  }

  // ------------------------------------------------------------------ report

  private static SchemaReport report(List<SchemaReport.ToolResult> tools) {
    return new SchemaReport(
        new Report.Machine(2, "cpu", "1 GiB RAM", "os", "java", "pg", "psql"),
        new SchemaReport.Setup(
            new LargeSchema.Counts(2000, 20_000, 6000, 2000, 3000),
            1,
            "shuffled",
            "a",
            "generated in 20.0 s",
            20.0,
            "b",
            "generated in 21.0 s, statements shuffled",
            21.0,
            3,
            1,
            "512m"),
        tools,
        List.of("a note"));
  }

  private static SchemaReport.ToolResult tool(
      String name, List<Double> millis, List<SchemaTool.Timings> timings) {
    return new SchemaReport.ToolResult(
        name, "cmd", new ArrayList<>(millis), new ArrayList<>(timings), null, null);
  }

  @Test
  void goalsUseStrataTimingsAndTheMedianRatioToLiquibase() throws IOException {
    SchemaReport report =
        report(
            List.of(
                tool("liquibase", List.of(100_000.0, 90_000.0, 110_000.0), List.of()),
                tool(
                    "strata",
                    List.of(1500.0, 1400.0, 1600.0),
                    List.of(
                        new SchemaTool.Timings(300, 300, 100),
                        new SchemaTool.Timings(400, 400, 300),
                        new SchemaTool.Timings(350, 350, 150)))));
    List<SchemaReport.Goal> goals = report.goals();
    assertThat(goals.get(0).value()).isEqualTo(0.85); // median of 0.7, 1.1, 0.85 s
    assertThat(goals.get(0).met()).isTrue();
    assertThat(goals.get(1).value()).isEqualTo(0.015); // 1500 / 100000
    assertThat(goals.get(1).met()).isTrue();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("liquibase     3     100.00     90.00    110.00        1.000x")
        .contains("strata        3       1.50      1.40      1.60        0.015x             0.850")
        .contains("850 ms = read A 350 + read B 350 + diff 150")
        .contains("note: a note");

    Path file = temp.resolve("out/schema.json");
    report.writeJson(file);
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) JsonReader.parse(Files.readString(file));
    assertThat(((Map<?, ?>) json.get("setup")).get("foreignKeys")).isEqualTo(3000.0);
    List<?> results = (List<?>) json.get("results");
    assertThat(((Map<?, ?>) results.get(1)).get("medianAfterStartupMs")).isEqualTo(850.0);
    assertThat(((Map<?, ?>) ((List<?>) json.get("goals")).get(1)).get("met")).isEqualTo(true);
  }

  @Test
  void slowOrUnmeasuredStrataMissesItsGoals() {
    SchemaReport slow =
        report(
            List.of(
                tool("liquibase", List.of(10_000.0), List.of()),
                tool("strata", List.of(1001.0), List.of(new SchemaTool.Timings(500, 400, 100)))));
    // exactly 1 s after start-up is not "under 1 second"
    assertThat(slow.goals().get(0).met()).isFalse();
    assertThat(slow.goals().get(1).met()).isFalse(); // 0.1001

    SchemaReport noTimings =
        report(
            List.of(
                tool("liquibase", List.of(10_000.0), List.of()),
                tool("strata", List.of(900.0), List.of())));
    assertThat(noTimings.goals().get(0).met()).isNull();
    assertThat(noTimings.goals().get(1).met()).isTrue();

    SchemaReport failed =
        report(
            List.of(
                tool("liquibase", List.of(10_000.0), List.of()),
                tool("strata", List.of(), List.of()).fail("exit code 2")));
    assertThat(failed.goals()).extracting(SchemaReport.Goal::met).containsOnlyNulls();
    assertThat(report(List.of(tool("liquibase", List.of(1.0), List.of()))).goals()).isEmpty();
  }
}
