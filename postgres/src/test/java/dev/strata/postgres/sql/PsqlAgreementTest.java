package dev.strata.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.sql.SqlStatement;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the splitter against psql itself: psql runs each script against a fake server that records
 * every query psql sends, and the splitter must cut the same statements (compared token by token,
 * since psql drops {@code --} comments and leading whitespace from what it sends). Runs only when
 * {@code STRATA_TEST_PSQL} names a psql binary (14 or later, for {@code BEGIN ATOMIC} bodies).
 */
class PsqlAgreementTest {
  private static final int RANDOM_SCRIPTS = 1_500;
  private static final String BOUNDARY = "select 'strata-script-boundary'";

  /** Hand-picked corners, besides the random scripts. */
  private static final List<String> CORNERS =
      List.of(
          "select 1; select 2",
          "select 1 -- c;\r\n; select 2",
          "select 2*/*x;*/3; select 4--;\n; select 5",
          "select 1 /*/ ; */ ; select 2",
          "select $a$ body $xa$a$; select 2",
          "select 1$$;$$; select 2",
          "select a$b, c$$ from t$1; select 2",
          "select E'a'\n'\\' ; select 2",
          "select 1e'x;'; select 2",
          "select B'1''0;'; select 2",
          "select U&'a;' UESCAPE '!'; select u&\"b;\"",
          "select 1) ; select 2",
          "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; select 2",
          "create function f(begin int) returns int language sql begin atomic; select (case when true then 1 end); end; end;",
          "CREATE\nFUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; select 3",
          "begin; create table t (a int); end; commit",
          "comment on function f() is 'x'; begin; end",
          "select 'x' /* c */ ; /* only a comment */ ;; select 3 -- end");

  @TempDir Path dir;

  @Test
  void splitsLikePsql() throws Exception {
    String psql = System.getenv("STRATA_TEST_PSQL");
    assumeTrue(psql != null && !psql.isBlank(), "STRATA_TEST_PSQL (a psql binary) is not set");

    List<String> scripts = new ArrayList<>(CORNERS);
    for (long seed = 0; seed < RANDOM_SCRIPTS; seed++)
      scripts.add(new RandomScripts(seed).script().text());

    // One psql session runs every script with \i, separated by a marker query.
    StringBuilder main = new StringBuilder();
    for (int i = 0; i < scripts.size(); i++) {
      Path file = dir.resolve("script" + i + ".sql");
      Files.writeString(file, scripts.get(i), StandardCharsets.UTF_8);
      main.append("\\i ").append(file.toAbsolutePath()).append('\n').append(BOUNDARY).append(";\n");
    }
    Path mainFile = dir.resolve("main.sql");
    Files.writeString(mainFile, main.toString(), StandardCharsets.UTF_8);

    List<String> sent;
    try (FakeServer server = new FakeServer()) {
      Process process =
          new ProcessBuilder(
                  psql,
                  "-X",
                  "-q",
                  "-h",
                  server.host(),
                  "-p",
                  Integer.toString(server.port()),
                  "-U",
                  "strata",
                  "-d",
                  "strata",
                  "-f",
                  mainFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("psql.out").toFile())
              .start();
      process.getOutputStream().close(); // psql reads its commands from -f, nothing from stdin
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      if (!finished) process.destroyForcibly();
      assertThat(finished)
          .as("psql finished; it said: %s", Files.readString(dir.resolve("psql.out")))
          .isTrue();
      server.awaitDone();
      sent = server.queries();
    }

    PostgresSplitter splitter = new PostgresSplitter();
    int script = 0;
    List<List<String>> psqlStatements = new ArrayList<>();
    for (String query : sent) {
      if (query.startsWith(BOUNDARY)) {
        List<List<String>> ours =
            splitter.split(scripts.get(script)).stream()
                .map(SqlStatement::text)
                .map(PsqlAgreementTest::tokenTexts)
                .toList();
        assertThat(ours)
            .as("script %d:%n%s", script, scripts.get(script))
            .isEqualTo(psqlStatements);
        psqlStatements = new ArrayList<>();
        script++;
        continue;
      }
      List<String> tokens = new ArrayList<>(tokenTexts(query));
      if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";"))
        tokens.remove(tokens.size() - 1);
      if (!tokens.isEmpty()) psqlStatements.add(tokens); // psql also sends comment-only leftovers
    }
    assertThat(script).as("scripts psql ran").isEqualTo(scripts.size());
  }

  private static List<String> tokenTexts(String sql) {
    return Lexer.tokenize(sql).stream().map(Token::text).toList();
  }

  /**
   * Just enough of the PostgreSQL wire protocol for psql: trust authentication,
   * standard_conforming_strings on, and an empty result for every simple query, which is recorded.
   */
  private static final class FakeServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread = new Thread(this::serve, "fake-postgres");

    FakeServer() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    String host() {
      return socket.getInetAddress().getHostAddress();
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> queries() {
      return List.copyOf(queries);
    }

    void awaitDone() throws InterruptedException {
      thread.join(10_000);
    }

    private void serve() {
      try (Socket connection = socket.accept()) {
        // One buffered write per reply: small separate writes would each wait for a delayed ACK.
        connection.setTcpNoDelay(true);
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(connection.getInputStream()));
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
        while (true) {
          int length = in.readInt();
          int code = in.readInt();
          in.readNBytes(length - 8);
          if (code != 80877103 && code != 80877104) break; // SSL or GSS encryption request: refuse
          out.write('N');
          out.flush();
        }
        message(out, 'R', new byte[] {0, 0, 0, 0});
        for (String[] p :
            new String[][] {
              {"server_version", "15.0"},
              {"standard_conforming_strings", "on"},
              {"client_encoding", "UTF8"},
              {"server_encoding", "UTF8"},
              {"DateStyle", "ISO, MDY"},
              {"integer_datetimes", "on"}
            }) {
          message(out, 'S', (p[0] + '\0' + p[1] + '\0').getBytes(StandardCharsets.UTF_8));
        }
        message(out, 'K', new byte[8]);
        message(out, 'Z', new byte[] {'I'});
        out.flush();
        while (true) {
          int type = in.read();
          if (type < 0 || type == 'X') return;
          byte[] body = in.readNBytes(in.readInt() - 4);
          if (type == 'Q') {
            queries.add(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
            message(out, 'I', new byte[0]);
            message(out, 'Z', new byte[] {'I'});
            out.flush();
          }
        }
      } catch (IOException e) {
        // psql hung up; the assertions will show what is missing
      }
    }

    private static void message(DataOutputStream out, char type, byte[] payload)
        throws IOException {
      out.write(type);
      out.writeInt(payload.length + 4);
      out.write(payload);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
