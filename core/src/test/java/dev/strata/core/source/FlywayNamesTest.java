package dev.strata.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class FlywayNamesTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Flyway's algorithm written the other way: CRC-32 of the lines' bytes, no line endings. */
  private static int linesCrc(String... lines) {
    CRC32 crc = new CRC32();
    for (String line : lines) crc.update(utf8(line));
    return (int) crc.getValue();
  }

  @Test
  void theChecksumIsFlywaysWhateverTheLineEndings() {
    int expected = linesCrc("CREATE TABLE t (", "  id int", ");");
    assertThat(FlywayChecksum.of(utf8("CREATE TABLE t (\n  id int\n);\n"))).isEqualTo(expected);
    assertThat(FlywayChecksum.of(utf8("CREATE TABLE t (\r\n  id int\r\n);"))).isEqualTo(expected);
    assertThat(FlywayChecksum.of(utf8("CREATE TABLE t (\r  id int\r);\r\n"))).isEqualTo(expected);
    assertThat(FlywayChecksum.of(utf8("\uFEFFCREATE TABLE t (\n  id int\n);"))).isEqualTo(expected);
    // An empty line is a line: it adds nothing to the CRC, as in Flyway.
    assertThat(FlywayChecksum.of(utf8("a\n\nb"))).isEqualTo(linesCrc("a", "", "b"));
    assertThat(FlywayChecksum.of(utf8("é\n"))).isEqualTo(linesCrc("é"));
  }

  @Test
  void aStoredFlywayChecksumIsComparedAsFlywayComparesIt() {
    byte[] content = utf8("SELECT 1;\n");
    String stored = String.valueOf(FlywayChecksum.of(content));
    assertThat(Checksum.matches(stored, utf8("SELECT 1;\r\n"))).isTrue();
    assertThat(Checksum.matches(stored, utf8("SELECT 2;\n"))).isFalse();
    assertThat(Checksum.matches(Checksum.of(content), content)).isTrue();
    assertThat(FlywayChecksum.isFlywayForm("-12345")).isTrue();
    assertThat(FlywayChecksum.isFlywayForm(Checksum.of(content))).isFalse();
    assertThat(FlywayChecksum.isFlywayForm("-")).isFalse();
  }

  @Test
  void namesReadAsFlywayReadsThem() {
    FlywayName v = FlywayName.parse("V1_2__add_users_table").orElseThrow();
    assertThat(v.versionText()).contains("1.2");
    assertThat(v.description()).isEqualTo("add users table");
    assertThat(v.repeatable()).isFalse();
    FlywayName r = FlywayName.parse("R__user_views.sql").orElseThrow();
    assertThat(r.repeatable()).isTrue();
    assertThat(r.version()).isEmpty();
    assertThat(r.description()).isEqualTo("user views");
    assertThat(FlywayName.parse("20240101000000_init")).isEmpty();
    assertThat(FlywayName.parse("Vx__bad")).isEmpty();
    assertThat(FlywayName.parse("R1__versioned_repeatable")).isEmpty();
  }

  @Test
  void onlyTheGivenPlaceholdersAreReplaced() {
    Map<String, String> values = Map.of("schema", "app", "who", "ops");
    assertThat(
            Placeholders.replace(
                "CREATE TABLE ${schema}.t (x text DEFAULT '${who}'); -- ${other} ${ ${schema",
                values))
        .isEqualTo("CREATE TABLE app.t (x text DEFAULT 'ops'); -- ${other} ${ ${schema");
    assertThat(Placeholders.replace("$${x}$$", Map.of("x", "y"))).isEqualTo("$y$$");
    assertThat(Placeholders.replace("no placeholders", values)).isEqualTo("no placeholders");
    assertThat(Placeholders.parse("a=b=c")).isEqualTo(Map.entry("a", "b=c"));
    assertThat(Placeholders.parse("empty=")).isEqualTo(Map.entry("empty", ""));
  }

  @Test
  void theChecksumIgnoresPlaceholdersButTheTextDoesNot() {
    Migration m =
        new Migration(
            "V1__x",
            java.nio.file.Path.of("V1__x.sql"),
            utf8("SELECT '${who}';"),
            Optional.empty());
    Migration replaced = m.withPlaceholders(Map.of("who", "ops"));
    assertThat(replaced.sql()).isEqualTo("SELECT 'ops';");
    assertThat(replaced.checksum()).isEqualTo(m.checksum());
    assertThat(m.sql()).isEqualTo("SELECT '${who}';");
  }
}
