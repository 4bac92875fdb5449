package dev.strata.bench;

import java.io.PrintStream;

/**
 * What every suite's {@code main} does around its run: parse the options (usage on {@code --help},
 * exit 2 on a bad one), run, exit with the run's code, or 1 with the stack trace when it throws.
 */
final class Launcher {
  private Launcher() {}

  interface Parser<O> {
    O parse(String[] args) throws Options.UsageException;
  }

  interface Suite<O> {
    int run(O options) throws Exception;
  }

  static <O> void launch(String[] args, Parser<O> parser, String usage, Suite<O> suite) {
    PrintStream out = System.out;
    O options;
    try {
      options = parser.parse(args);
    } catch (Options.UsageException e) {
      if (e.getMessage() != null) System.err.println("error: " + e.getMessage());
      (e.getMessage() == null ? out : System.err).print(usage);
      System.exit(e.getMessage() == null ? 0 : 2);
      return;
    }
    try {
      System.exit(suite.run(options));
    } catch (Exception e) {
      System.err.println("bench failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }
}
