package dev.strata.bench;

/**
 * Command-line options of the review suite ({@code bench/run review [options]}); {@code --runs N}
 * or {@code --runs=N}.
 */
record ReviewOptions(int runs) {

  static final String USAGE =
      """
            usage: bench/run review [options]
              --runs N               warm runs after the one cold run (default 5)
              -h, --help             this text

            Times 'strata review --dir examples/helpdesk/migrations --json' as whole processes
            (java -jar cli/target/strata.jar, the JVM flags of ./strata) on the embedded
            PostgreSQL: once in a new working directory (cold: initdb), then N times in the same
            one (warm). Goal: warm median under 5 s. Results also in bench/target/review-result.json.
            """;

  static ReviewOptions parse(String[] args) {
    int runs = 5;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        throw new Options.UsageException(null);
      } else if (arg.startsWith("--runs=")) {
        runs = Options.positive("--runs", arg.substring("--runs=".length()));
      } else if (arg.equals("--runs")) {
        if (i + 1 >= args.length) {
          throw new Options.UsageException("missing value for --runs");
        }
        runs = Options.positive("--runs", args[++i]);
      } else {
        throw new Options.UsageException("unknown option " + arg);
      }
    }
    return new ReviewOptions(runs);
  }
}
