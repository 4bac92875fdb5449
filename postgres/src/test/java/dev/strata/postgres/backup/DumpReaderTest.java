package dev.strata.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.sql.SqlSyntaxException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dump reader cuts COPY data into pieces of whole rows, wherever the read buffer ends. */
class DumpReaderTest {

  @Test
  void rowsComeBackByteForByteInPiecesOfWholeRowsWhateverTheReadSizes() throws IOException {
    Random random = new Random(42);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      // Some rows far longer than the 64 KiB read buffer, one with a \r inside.
      int width = i % 20_000 == 0 ? 150_000 : random.nextInt(120);
      rows.append(i).append('\t').append("x".repeat(width)).append(i == 7 ? "\r" : "").append('\n');
    }
    String dump =
        "CREATE TABLE t (id int, v text);\nCOPY public.t (id, v) FROM stdin;\n"
            + rows
            + "\\.\nSELECT 1;\n";
    List<DumpReader.Event> events = read(dump.getBytes(StandardCharsets.UTF_8), random);

    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<String> statements = new ArrayList<>();
    int pieces = 0;
    for (DumpReader.Event e : events) {
      if (e instanceof DumpReader.Data d) {
        pieces++;
        assertThat(d.copyCommand()).isEqualTo("COPY public.t (id, v) FROM stdin");
        assertThat(d.rows()[d.length() - 1])
            .as("a piece ends with a whole row")
            .isEqualTo((byte) '\n');
        data.write(d.rows(), 0, d.length());
      } else if (e instanceof DumpReader.Sql s) {
        statements.add(s.text());
      }
    }
    assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo(rows.toString());
    assertThat(pieces).as("pieces of about %d bytes", DumpReader.PIECE).isGreaterThan(1);
    assertThat(statements).containsExactly("CREATE TABLE t (id int, v text)", "SELECT 1");
  }

  @Test
  void theEndOfDataLineMayEndInCrLfOrEndTheFile() throws IOException {
    for (String end : List.of("\\.\r\n", "\\.")) {
      String dump = "COPY t (a) FROM stdin;\n1\n2\n" + end;
      List<DumpReader.Event> events = read(dump.getBytes(StandardCharsets.UTF_8), new Random(1));
      assertThat(events).hasSize(1);
      DumpReader.Data d = (DumpReader.Data) events.get(0);
      assertThat(new String(d.rows(), 0, d.length(), StandardCharsets.UTF_8)).isEqualTo("1\n2\n");
    }
  }

  @Test
  void dataCutShortIsAnErrorNamingTheCopy() {
    byte[] dump = "COPY t (a) FROM stdin;\n1\n2".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> read(dump, new Random(1)))
        .isInstanceOf(SqlSyntaxException.class)
        .hasMessageContaining("COPY t (a) FROM stdin")
        .hasMessageContaining("ends early");
  }

  @Test
  void findsTheFirstNewlineWhereverItIsInAWord() {
    Random random = new Random(7);
    int[] choices = {0x0A, 0x0B, 0x09, 0x8A, 0xFF, 0x00, 'a'};
    for (int round = 0; round < 10_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // Bytes next to '\n' (0x0A) and with the high bit set, where a word-wise test could slip.
        bytes[i] = (byte) choices[random.nextInt(choices.length)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(DumpReader.indexOfNewline(bytes, from, to)).isEqualTo(expected);
    }
  }

  /** All events, reading the bytes in random-sized chunks as a decompressor hands them out. */
  private static List<DumpReader.Event> read(byte[] dump, Random random) throws IOException {
    DumpReader reader = new DumpReader(new ChunkedStream(dump, random));
    List<DumpReader.Event> events = new ArrayList<>();
    for (DumpReader.Event e = reader.next(); e != null; e = reader.next()) events.add(e);
    return events;
  }

  private static final class ChunkedStream extends InputStream {
    private final ByteArrayInputStream in;
    private final Random random;

    ChunkedStream(byte[] bytes, Random random) {
      this.in = new ByteArrayInputStream(bytes);
      this.random = random;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, 1 + random.nextInt(70_000)));
    }
  }
}
