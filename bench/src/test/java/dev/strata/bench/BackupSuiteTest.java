package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast and database-free: the backup suite's options, parsers, verification and report. */
class BackupSuiteTest {

  @TempDir Path temp;

  // ------------------------------------------------------------------ options

  @Test
  void defaultsAndBothOptionSpellings() {
    BackupOptions defaults = BackupOptions.parse(new String[0]);
    assertThat(defaults.runs()).isEqualTo(3);
    assertThat(defaults.sizeGb()).isEqualTo(1.0);
    assertThat(defaults.tools()).isEqualTo(BackupOptions.ALL_TOOLS);
    assertThat(defaults.keepSource()).isNull();
    assertThat(defaults.strataXmx()).isEqualTo("256m");
    assertThat(defaults.strataJobs()).isNull();
    assertThat(defaults.out()).isEqualTo(Path.of("bench/target/bench-backup-result.json"));
    assertThat(defaults.targetBytes()).isEqualTo(1L << 30);

    BackupOptions o =
        BackupOptions.parse(
            new String[] {
              "--runs=1",
              "--size-gb",
              "0.2",
              "--keep-source",
              "my_src",
              "--tools",
              "strata-gzip, pg-dump-gzip",
              "--strata-jobs=2",
              "--keep-files"
            });
    assertThat(o.runs()).isEqualTo(1);
    assertThat(o.sizeGb()).isEqualTo(0.2);
    assertThat(o.keepSource()).isEqualTo("my_src");
    // canonical order whatever the command line says: the baselines come first in the report
    assertThat(o.tools()).containsExactly("pg-dump-gzip", "strata-gzip");
    assertThat(o.strataJobs()).isEqualTo(2);
    assertThat(o.keepFiles()).isTrue();
  }

  @Test
  void badOptionsAreUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"--tools", "pg_dump"},
            new String[] {"--size-gb", "0"},
            new String[] {"--size-gb", "lots"},
            new String[] {"--runs", "0"},
            new String[] {"--keep-source", "x; DROP DATABASE postgres"},
            new String[] {"--strata-xmx", "a lot"},
            new String[] {"--migrations", "400"},
            new String[] {"--runs"})) {
      assertThatThrownBy(() -> BackupOptions.parse(args))
          .as(String.join(" ", args))
          .isInstanceOf(Options.UsageException.class)
          .hasMessageNotContaining("null");
    }
    assertThatThrownBy(() -> BackupOptions.parse(new String[] {"--help"}))
        .isInstanceOf(Options.UsageException.class)
        .hasMessage(null);
  }

  // ------------------------------------------------------------------ parsers

  @Test
  void gnuTimeOutput() {
    BackupTool.Usage usage =
        BackupTool.parseTime(
            List.of("Command exited with non-zero status 1", "12.34 8.50 1.25 204800"));
    assertThat(usage.cpuSeconds()).isEqualTo(9.75);
    assertThat(usage.peakRssKib()).isEqualTo(204800L);
    assertThat(BackupTool.parseTime(List.of())).isEqualTo(BackupTool.Usage.NONE);
  }

  @Test
  void heapFromG1AndSerialGcLogs() {
    BackupTool.Heap g1 =
        BackupTool.parseGcLog(
            List.of(
                "[0.003s][info][gc] Using G1",
                "[0.757s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->4M(256M) 23.437ms",
                "[1.063s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 123M->87M(256M) 19.646ms",
                "[1.070s][info][gc] GC(8) Pause Remark 90M->90M(256M) 1.1ms",
                "[1.086s][info][gc,heap,exit] Heap",
                "[1.086s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 8419K [0x0, 0x1)",
                "[1.086s][info][gc,heap,exit]  Metaspace       used 2664K, committed 2816K, reserved 1114112K"));
    assertThat(g1.maxUsedKib()).isEqualTo(123L * 1024);
    assertThat(g1.maxAfterGcKib()).isEqualTo(90L * 1024);

    BackupTool.Heap serial =
        BackupTool.parseGcLog(
            List.of(
                "[0.978s][info][gc,heap,exit]  def new generation   total 78656K, used 17581K [0x0, 0x1, 0x2)",
                "[0.978s][info][gc,heap,exit]   eden space 69952K,  12% used [0x0, 0x1, 0x2)",
                "[0.978s][info][gc,heap,exit]  tenured generation   total 174784K, used 87529K [0x0, 0x1, 0x2)",
                "[0.978s][info][gc,heap,exit]    the space 174784K,  50% used [0x0, 0x1, 0x2, 0x3)"));
    assertThat(serial.maxUsedKib()).isEqualTo(17581L + 87529L);
    assertThat(serial.maxAfterGcKib()).isNull();
    assertThat(BackupTool.parseGcLog(List.of("nothing")))
        .isEqualTo(new BackupTool.Heap(null, null));
  }

  @Test
  void backupFileFromJsonOrNewestFile() throws IOException {
    Path file = Files.writeString(temp.resolve("backup_app_20250101_000000.sql.gz"), "x");
    String json =
        "{\"event\":\"progress\"}\n{\"ok\":true,\"file\":\""
            + file.toString().replace("/", "\\/")
            + "\",\"bytes\":1}";
    assertThat(BackupTool.backupFile(json, temp)).isEqualTo(file);
    assertThat(BackupTool.backupFile("{\"file\":\"backup_app_20250101_000000.sql.gz\"}", temp))
        .isEqualTo(file);

    Path older = Files.writeString(temp.resolve("backup_app_20240101_000000.sql.gz"), "x");
    Files.setLastModifiedTime(older, FileTime.fromMillis(1_000));
    Files.writeString(temp.resolve("backup_app_20250101_000000.manifest.json"), "{}");
    assertThat(BackupTool.backupFile("not json", temp)).isEqualTo(file);
    assertThat(BackupTool.backupFile("", temp.resolve("missing"))).isNull();
    assertThat(BackupTool.unescape("a\\\"b\\\\c\\/d\\u0041")).isEqualTo("a\"b\\c/dA");
  }

  @Test
  void commentOfAGeneratedSourceCarriesItsDataSize() {
    assertThat(
            BackupMain.dataBytes(
                BackupSource.MARKER + ", 18 slices, 1075183616 bytes of table data"))
        .isEqualTo(1075183616L);
    assertThat(BackupMain.dataBytes("someone else's database")).isNull();
  }

  @Test
  void generatorSqlIsDeterministicAndCoversEveryTable() {
    List<String> slice = BackupSource.slice(3);
    assertThat(BackupSource.slice(3)).isEqualTo(slice);
    assertThat(BackupSource.slice(4)).isNotEqualTo(slice);
    assertThat(String.join("\n", slice))
        .contains(
            "INSERT INTO customers",
            "INSERT INTO orders",
            "INSERT INTO order_items",
            "INSERT INTO events",
            "INSERT INTO documents",
            "INSERT INTO measurements",
            "generate_series(30001::bigint, 40000::bigint)")
        .doesNotContain("random()");
    assertThat(BackupSource.pick("i", 7, 12))
        .isEqualTo("((hashint8extended(i, 7) & 2147483647) % 12)");
  }

  // ------------------------------------------------------------------ verification

  @Test
  void restoredDatabaseMustMatchTheSource() {
    DbSnapshot source =
        new DbSnapshot(
            Map.of("public.a", 10L, "public.b", 5L),
            Map.of("public.a", 2, "public.b", 1),
            Map.of("public.a", 1, "public.b", 2),
            Map.of("public.a_id_seq", 10L));
    assertThat(source.differences(source)).isEmpty();
    assertThat(source.totalRows()).isEqualTo(15);

    DbSnapshot restored =
        new DbSnapshot(
            Map.of("public.a", 9L, "public.extra", 1L),
            Map.of("public.a", 1, "public.extra", 0),
            Map.of("public.a", 1),
            Map.of("public.a_id_seq", 1L, "public.extra_seq", 1L));
    assertThat(source.differences(restored))
        .containsExactly(
            "public.a: 9 rows, source has 10",
            "public.a: 1 indexes, source has 2",
            "table public.b missing",
            "sequence public.a_id_seq at 1, source at 10");
    assertThat(source.extras(restored))
        .containsExactly("table public.extra", "sequence public.extra_seq");
  }

  // ------------------------------------------------------------------ report

  private static BackupReport.Run run(double ms, Long heapKib) {
    return new BackupReport.Run(1, ms, 1.0, 200_000L, heapKib, null, 100L << 20, 1L << 30);
  }

  private static BackupReport.ToolResult tool(
      String name, boolean strata, List<Double> backups, List<Double> restores, Long heapKib) {
    List<BackupReport.Run> b = new ArrayList<>();
    backups.forEach(ms -> b.add(run(ms, heapKib)));
    List<BackupReport.Run> r = new ArrayList<>();
    restores.forEach(ms -> r.add(run(ms, heapKib)));
    return new BackupReport.ToolResult(
        name, strata, name + " backup", name + " restore", "cmd", "cmd", b, r, null, null, null);
  }

  private static BackupReport report(List<BackupReport.ToolResult> tools) {
    DbSnapshot snapshot = new DbSnapshot(Map.of("public.a", 1L), Map.of(), Map.of(), Map.of());
    return new BackupReport(
        new Report.Machine(2, "cpu", "1 GiB RAM", "os", "java", "pg", "psql"),
        new BackupReport.Setup(
            "src", "generated", 1.0, 1L << 30, 3L << 29, 60.0, snapshot, 3, "256m", null, "GNU"),
        tools,
        List.of("a note"));
  }

  @Test
  void goalsUseMediansOfTheRightBaselines() {
    BackupReport report =
        report(
            List.of(
                tool("pg-dump-gzip", false, List.of(100.0, 110.0, 90.0), List.of(200.0), null),
                tool("pg-dump-fc", false, List.of(80.0), List.of(150.0), null),
                tool("strata-gzip", true, List.of(70.0, 75.0, 80.0), List.of(150.0), 100_000L)));
    List<BackupReport.Goal> goals = report.goals();
    assertThat(goals).hasSize(5);
    assertThat(goals.get(0).ratio()).isEqualTo(0.75); // 75 / 100
    assertThat(goals.get(0).met()).isTrue();
    assertThat(goals.get(1).limit()).isNull(); // vs pg_dump -Fc: information only
    assertThat(goals.get(2).ratio()).isEqualTo(0.75); // 150 / 200
    assertThat(goals.get(2).met()).isTrue();
    assertThat(goals.get(3).ratio()).isEqualTo(1.0); // 150 / 150: "no slower" holds
    assertThat(goals.get(3).met()).isTrue();
    assertThat(goals.get(4).what()).isEqualTo("heap");
    assertThat(goals.get(4).met()).isTrue();
  }

  @Test
  void failedOrSlowStrataMissesItsGoals() {
    BackupReport.ToolResult failed =
        tool("strata-zstd", true, List.of(50.0), List.of(), 100_000L)
            .failRestore("exit code 1 (log: x)");
    BackupReport report =
        report(
            List.of(
                tool("pg-dump-gzip", false, List.of(100.0), List.of(200.0), null),
                tool("strata-gzip", true, List.of(90.0), List.of(190.0), null),
                failed));
    List<BackupReport.Goal> goals = report.goals();
    assertThat(goals.get(0).met()).isFalse(); // 0.9 > 0.8
    assertThat(goals.get(2).met()).isFalse(); // 0.95 > 0.8
    assertThat(goals.get(3).ratio()).isNull(); // no pg_restore baseline
    assertThat(goals.get(3).met()).isFalse();
    assertThat(goals.get(4).met()).isTrue(); // heap unknown, but -Xmx256m worked
    assertThat(goals.get(9).met()).isFalse(); // strata-zstd heap: a process failed

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("strata-gzip  backup  / pg_dump | gzip     0.90x   goal <= 0.80x  NOT MET")
        .contains("not measured")
        .contains("strata-zstd restore")
        .contains("FAILED: exit code 1")
        .contains("note: a note");
  }

  @Test
  void jsonHasEveryRunAndGoal() throws IOException {
    BackupReport report =
        report(
            List.of(
                tool("pg-dump-gzip", false, List.of(100.0), List.of(200.0), null),
                tool("strata-gzip", true, List.of(70.0), List.of(150.0), 100_000L)));
    Path file = temp.resolve("out/result.json");
    report.writeJson(file);
    String json = Files.readString(file);
    assertThat(json)
        .contains("\"tool\": \"strata-gzip\"")
        .contains("\"ratioVsPgDumpGzip\": 0.700")
        .contains("\"ratioVsGunzipPsql\": 0.750")
        .contains("\"what\": \"heap\"")
        .contains("\"heapMaxKib\": 100000")
        .contains("\"met\": true");
  }

  @Test
  void xmxSizes() {
    assertThat(BackupReport.xmxBytes("256m")).isEqualTo(256L << 20);
    assertThat(BackupReport.xmxBytes("1g")).isEqualTo(1L << 30);
    assertThat(BackupReport.xmxBytes("262144k")).isEqualTo(256L << 20);
  }
}
