package dev.strata.cli;

import java.util.concurrent.Callable;

/** A subcommand: picocli calls it, and the command factory hands it the console it writes to. */
abstract class ConsoleCommand implements Callable<Integer>, StrataCommand.ConsoleAware {
  protected Console console;

  @Override
  public final void console(Console console) {
    this.console = console;
  }
}
