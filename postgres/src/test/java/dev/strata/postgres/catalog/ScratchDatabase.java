package dev.strata.postgres.catalog;

import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.PostgresSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A database created for one test on a {@link DumpServer}, dropped when closed. */
public final class ScratchDatabase implements AutoCloseable {
  private final DumpServer server;
  private final String name;

  ScratchDatabase(DumpServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  /** Runs a script statement by statement in autocommit, as psql runs a file. */
  public void run(String script) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (SqlStatement s : new PostgresSplitter().split(script)) {
        try {
          st.execute(s.text());
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + "\nin: " + s.text(), e.getSQLState(), e);
        }
      }
    }
  }

  SchemaScript dump() throws SQLException {
    try (Connection c = connect()) {
      return SchemaDump.read(c);
    }
  }

  public List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) values.add(rs.getString(1));
    }
    return values;
  }

  /**
   * {@code pg_dump --schema-only --no-owner} of this database, without its random \restrict key.
   */
  String pgDump(Path pgDump) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                pgDump.toString(),
                "--schema-only",
                "--no-owner",
                "-h",
                server.host(),
                "-p",
                Integer.toString(server.port()),
                "-U",
                server.user(),
                name)
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("pg_dump failed: " + out.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
        .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append)
        .toString();
  }

  @Override
  public void close() {
    try {
      server.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot drop " + name, e));
    }
  }
}
