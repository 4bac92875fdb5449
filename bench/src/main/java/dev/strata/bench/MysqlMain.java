package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The MySQL/MariaDB suite: {@code bench/run mysql [--migrations N] [--runs N] [--rows N] [--server
 * mysql://root@127.0.0.1:3306]}. Deploys a generated Flyway-layout history of N migrations into
 * fresh databases with Flyway 11 (flyway-mysql, MariaDB Connector/J) and with strata, alternating,
 * each timed as a whole process; then backs up a generated database with strata (gzip, {@code
 * -Xmx256m}) and with {@code mariadb-dump --single-transaction | gzip}, and restores each file,
 * strata over the populated database, the client into an empty one. Medians; peak RSS from {@code
 * /usr/bin/time -v}.
 */
public final class MysqlMain {
  private int migrations = 400;
  private int runs = 3;
  private long rows = 1_000_000;
  private String server = "mysql://root@127.0.0.1:3306";
  private final Path work;
  private final Path jar = Path.of("cli/target/strata.jar").toAbsolutePath();

  private MysqlMain() throws IOException {
    work = Files.createTempDirectory("strata-bench-mysql-");
  }

  public static void main(String[] args) throws Exception {
    MysqlMain bench = new MysqlMain();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--migrations" -> bench.migrations = Integer.parseInt(args[++i]);
        case "--runs" -> bench.runs = Integer.parseInt(args[++i]);
        case "--rows" -> bench.rows = Long.parseLong(args[++i]);
        case "--server" -> bench.server = args[++i].replaceFirst("/+$", "");
        case "--help" -> {
          System.out.println(
              "usage: bench/run mysql [--migrations 400] [--runs 3] [--rows 1000000]"
                  + " [--server mysql://root@127.0.0.1:3306]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    bench.deploySuite();
    if (bench.rows > 0) bench.backupSuite();
  }

  private void deploySuite() throws Exception {
    Path corpus = writeCorpus(work.resolve("migrations"), migrations);
    List<Double> flyway = new ArrayList<>();
    List<Double> strata = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      for (String tool : run % 2 == 0 ? List.of("flyway", "strata") : List.of("strata", "flyway")) {
        String db = "bench_mysql_" + tool;
        admin("DROP DATABASE IF EXISTS `" + db + "`", "CREATE DATABASE `" + db + "`");
        List<String> command =
            tool.equals("flyway")
                ? javaCommand(
                    "dev.strata.bench.FlywayMain",
                    jdbc(db) + (jdbc(db).contains("?") ? "&" : "?") + "sslMode=disable",
                    corpus.toString())
                : strataDeploy(db, corpus);
        double seconds = time(command, work.resolve(tool + ".log"));
        (tool.equals("flyway") ? flyway : strata).add(seconds);
        admin("DROP DATABASE IF EXISTS `" + db + "`");
      }
    }
    System.out.printf(
        "%nMySQL/MariaDB deploy of %d migrations into a fresh database (%d runs, medians):%n",
        migrations, runs);
    System.out.printf("| tool | wall s | ratio to Flyway |%n|---|---|---|%n");
    System.out.printf("| Flyway 11 (flyway-mysql) | %.2f | 1.00 |%n", median(flyway));
    System.out.printf(
        "| strata deploy | %.2f | %.2f |%n", median(strata), median(strata) / median(flyway));
  }

  /** {@code strata deploy} with the JVM flags (and archive) of the {@code ./strata} launcher. */
  private List<String> strataDeploy(String db, Path corpus) {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(StrataLauncher.flags(jar));
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "deploy",
            "--url",
            server + "/" + db,
            "--dir",
            corpus.toString()));
    return command;
  }

  private void backupSuite() throws Exception {
    String db = "bench_mysql_backup";
    admin("DROP DATABASE IF EXISTS `" + db + "`", "CREATE DATABASE `" + db + "`");
    populate(db);
    long bytes =
        Long.parseLong(
            single(
                "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + db
                    + "'"));
    Path out = work.resolve("backups");
    List<Double> strata = new ArrayList<>();
    List<Double> dump = new ArrayList<>();
    List<Long> rss = new ArrayList<>();
    String client = clientArgs();
    for (int run = 0; run < runs; run++) {
      deleteTree(out);
      Files.createDirectories(out);
      double[] s =
          timeRss(
              List.of(
                  "java",
                  "-Xmx256m",
                  "-jar",
                  jar.toString(),
                  "backup",
                  "--url",
                  server + "/" + db,
                  "--output",
                  out.toString(),
                  "--dir",
                  work.toString()),
              work.resolve("strata-backup.log"));
      strata.add(s[0]);
      rss.add((long) s[1]);
      dump.add(
          time(
              List.of(
                  "bash",
                  "-c",
                  "mariadb-dump --single-transaction --hex-blob "
                      + client
                      + " "
                      + db
                      + " | gzip > "
                      + work.resolve("dump.sql.gz")),
              work.resolve("dump.log")));
    }
    Path file;
    try (var files = Files.list(out)) {
      file = files.filter(p -> p.toString().endsWith(".sql.gz")).findFirst().orElseThrow();
    }
    List<Double> restore = new ArrayList<>();
    List<Double> clientRestore = new ArrayList<>();
    List<Long> restoreRss = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      double[] r =
          timeRss(
              List.of(
                  "java",
                  "-Xmx256m",
                  "-jar",
                  jar.toString(),
                  "restore",
                  file.toString(),
                  "--url",
                  server + "/" + db,
                  "--force",
                  "--no-safety-backup",
                  "--dir",
                  work.toString()),
              work.resolve("strata-restore.log"));
      restore.add(r[0]);
      restoreRss.add((long) r[1]);
      admin("DROP DATABASE IF EXISTS bench_mysql_client", "CREATE DATABASE bench_mysql_client");
      clientRestore.add(
          time(
              List.of(
                  "bash",
                  "-c",
                  "gunzip -c "
                      + work.resolve("dump.sql.gz")
                      + " | mariadb "
                      + client
                      + " bench_mysql_client"),
              work.resolve("client.log")));
      admin("DROP DATABASE IF EXISTS bench_mysql_client");
    }
    admin("DROP DATABASE IF EXISTS `" + db + "`");
    System.out.printf(
        "%nMySQL/MariaDB backup and restore, %d rows in 4 tables, %.0f MiB on disk (%d runs, medians):%n",
        rows, bytes / 1048576.0, runs);
    System.out.printf(
        "| what | strata s | client tools s | ratio | strata peak RSS MiB |%n|---|---|---|---|---|%n");
    System.out.printf(
        "| backup (gzip) vs mariadb-dump \\| gzip | %.2f | %.2f | %.2f | %d |%n",
        median(strata),
        median(dump),
        median(strata) / median(dump),
        rss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024);
    System.out.printf(
        "| restore vs gunzip \\| mariadb | %.2f | %.2f | %.2f | %d |%n",
        median(restore),
        median(clientRestore),
        median(restore) / median(clientRestore),
        restoreRss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024);
  }

  private void populate(String db) throws SQLException {
    try (Connection c = connect(db);
        Statement st = c.createStatement()) {
      long per = Math.max(1, rows / 4);
      st.execute(
          "CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(191) NOT NULL, name VARCHAR(120), created_at DATETIME(3) NOT NULL, KEY (email)) ENGINE=InnoDB");
      st.execute(
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total DECIMAL(12,2), status ENUM('new','paid','shipped'), note TEXT, KEY (customer_id)) ENGINE=InnoDB");
      st.execute(
          "CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(40), payload JSON, at TIMESTAMP(3) NULL) ENGINE=InnoDB");
      st.execute(
          "CREATE TABLE blobs (id BIGINT PRIMARY KEY, data VARBINARY(255), ratio DOUBLE) ENGINE=InnoDB");
      st.execute(
          "INSERT INTO customers SELECT seq, CONCAT('user', seq, '@example.com'), CONCAT('Name ', seq, ' O''Brien'), '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_"
              + per);
      st.execute(
          "INSERT INTO orders SELECT seq, seq % 1000 + 1, seq * 1.25, ELT(seq % 3 + 1, 'new', 'paid', 'shipped'), REPEAT(CONCAT('line ', seq, ';\\n'), 3) FROM seq_1_to_"
              + per);
      st.execute(
          "INSERT INTO events SELECT seq, CONCAT('kind', seq % 17), JSON_OBJECT('n', seq, 's', 'x\"y'), '2024-02-02' + INTERVAL seq SECOND FROM seq_1_to_"
              + per);
      st.execute(
          "INSERT INTO blobs SELECT seq, UNHEX(SHA2(seq, 256)), seq / 7 FROM seq_1_to_" + per);
    }
  }

  static Path writeCorpus(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    for (int i = 1; i <= count; i++) {
      StringBuilder sql = new StringBuilder();
      sql.append("CREATE TABLE t")
          .append(i)
          .append(
              " (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(10,2),"
                  + " created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB;\n");
      sql.append("INSERT INTO t")
          .append(i)
          .append(
              " (name, amount) VALUES ('a', 1.5), ('b; c', 2), ('it''s', 3), ('d', NULL), ('e', 5);\n");
      if (i > 1) {
        sql.append("ALTER TABLE t")
            .append(i - 1)
            .append(" ADD COLUMN note")
            .append(i)
            .append(" VARCHAR(50) NULL;\n");
        sql.append("CREATE INDEX t")
            .append(i - 1)
            .append("_name ON t")
            .append(i - 1)
            .append(" (name);\n");
        sql.append("UPDATE t")
            .append(i - 1)
            .append(" SET note")
            .append(i)
            .append(" = name WHERE amount > 1;\n");
      }
      if (i % 10 == 0)
        sql.append("CREATE VIEW v")
            .append(i)
            .append(" AS SELECT id, name FROM t")
            .append(i)
            .append(" WHERE amount IS NOT NULL;\n");
      if (i % 25 == 0)
        sql.append("DELIMITER $$\nCREATE TRIGGER t")
            .append(i)
            .append("_bi BEFORE INSERT ON t")
            .append(i)
            .append(
                " FOR EACH ROW\nBEGIN\n  IF NEW.amount IS NULL THEN\n    SET NEW.amount = 0;\n  END IF;\nEND$$\nDELIMITER ;\n");
      Files.writeString(dir.resolve("V" + i + "__step_" + i + ".sql"), sql.toString());
    }
    return dir;
  }

  private List<String> javaCommand(String main, String... args) {
    List<String> command =
        new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    return command;
  }

  private String jdbc(String db) {
    java.net.URI uri = java.net.URI.create(server);
    String[] info =
        uri.getUserInfo() == null ? new String[] {"root"} : uri.getUserInfo().split(":", 2);
    return "jdbc:mariadb://"
        + uri.getHost()
        + ":"
        + (uri.getPort() > 0 ? uri.getPort() : 3306)
        + "/"
        + db
        + "?user="
        + info[0]
        + (info.length > 1 ? "&password=" + info[1] : "");
  }

  private String clientArgs() {
    java.net.URI uri = java.net.URI.create(server);
    String[] info =
        uri.getUserInfo() == null ? new String[] {"root"} : uri.getUserInfo().split(":", 2);
    return "-h "
        + uri.getHost()
        + " -P "
        + (uri.getPort() > 0 ? uri.getPort() : 3306)
        + " -u "
        + info[0]
        + (info.length > 1 ? " -p'" + info[1] + "'" : "")
        + " --skip-ssl";
  }

  private Connection connect(String db) throws SQLException {
    Properties props = new Properties();
    props.setProperty("sslMode", "disable");
    return DriverManager.getConnection(jdbc(db), props);
  }

  private void admin(String... sql) throws SQLException {
    try (Connection c = connect("");
        Statement st = c.createStatement()) {
      for (String s : sql) st.execute(s);
    }
  }

  private String single(String sql) throws SQLException {
    try (Connection c = connect("");
        Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static double time(List<String> command, Path log)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) throw new IllegalStateException("timed out: " + command);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0)
      throw new IllegalStateException(
          command + " exited " + p.exitValue() + ": " + Files.readString(log));
    return seconds;
  }

  /** Wall seconds and peak RSS in KiB, through /usr/bin/time -v. */
  private static double[] timeRss(List<String> command, Path log)
      throws IOException, InterruptedException {
    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v"));
    timed.addAll(command);
    double seconds = time(timed, log);
    long kib = 0;
    for (String line : Files.readAllLines(log))
      if (line.strip().startsWith("Maximum resident set size"))
        kib = Long.parseLong(line.replaceAll("\\D", ""));
    return new double[] {seconds, kib};
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator)
        Files.delete(p);
    }
  }
}
