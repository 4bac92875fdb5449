package dev.strata.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Options of the fleet suite ({@code bench/run fleet}). */
record FleetOptions(
    int databases,
    int migrations,
    List<Integer> parallel,
    List<String> tools,
    int loopLimit,
    String url,
    Path strataJar,
    long seed) {

  static final String USAGE =
      """
      usage: bench/run fleet [options]
        --databases N      tenant databases (default 500)
        --migrations M     migrations in the generated history (default 20)
        --parallel LIST    strata fleet --parallel values (default 1,4,8)
        --tools LIST       of strata-fleet,strata-loop,flyway-loop (default all)
        --loop-limit K     run the two loops on the first K databases only (default: all)
        --url URL          server (default postgresql://postgres@127.0.0.1:5432/postgres)
        --strata-jar PATH  (default cli/target/strata.jar)
        --seed S           corpus seed (default 20240601)
      """;

  static FleetOptions parse(String[] args) throws Options.UsageException {
    int databases = 500;
    int migrations = 20;
    List<Integer> parallel = List.of(1, 4, 8);
    List<String> tools = List.of("strata-fleet", "strata-loop", "flyway-loop");
    int loopLimit = Integer.MAX_VALUE;
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    Path jar = Path.of("cli/target/strata.jar");
    long seed = 20240601L;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) throw new Options.UsageException(null);
      if (i + 1 >= args.length) throw new Options.UsageException(a + " needs a value");
      String v = args[++i];
      try {
        switch (a) {
          case "--databases" -> databases = Integer.parseInt(v);
          case "--migrations" -> migrations = Integer.parseInt(v);
          case "--parallel" ->
              parallel =
                  Arrays.stream(v.split(",")).map(String::strip).map(Integer::valueOf).toList();
          case "--tools" -> tools = Arrays.stream(v.split(",")).map(String::strip).toList();
          case "--loop-limit" -> loopLimit = Integer.parseInt(v);
          case "--url" -> url = v;
          case "--strata-jar" -> jar = Path.of(v);
          case "--seed" -> seed = Long.parseLong(v);
          default -> throw new Options.UsageException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new Options.UsageException(a + " expects a number, not " + v);
      }
    }
    for (String t : tools) {
      if (!List.of("strata-fleet", "strata-loop", "flyway-loop").contains(t))
        throw new Options.UsageException("unknown tool " + t);
    }
    if (databases < 1 || migrations < 1) throw new Options.UsageException("sizes must be >= 1");
    return new FleetOptions(databases, migrations, parallel, tools, loopLimit, url, jar, seed);
  }
}
