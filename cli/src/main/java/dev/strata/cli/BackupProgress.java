package dev.strata.cli;

import dev.strata.core.backup.BackupListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a backup or restore as it goes: a progress bar (tables done, bytes, rate, ETA) on a
 * terminal, plain lines otherwise (CI logs, pipes), nothing on stdout so --json stays clean.
 */
final class BackupProgress implements BackupListener, AutoCloseable {
  private final Console console;
  private final boolean terminal;
  private ProgressBar bar;
  private int tables;
  private int tablesDone;
  private long lastLine = System.nanoTime();

  BackupProgress(Console console) {
    this.console = console;
    this.terminal =
        System.console() != null && console.err() != null && System.getenv("CI") == null;
  }

  @Override
  public void started(String phase, int tables, long estimatedBytes) {
    this.tables = tables;
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(phase)
              .setInitialMax(Math.max(1, estimatedBytes))
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" MB", 1 << 20)
              .showSpeed()
              .build();
    } else {
      console.progress(
          capitalize(phase)
              + ": "
              + tables
              + " tables, about "
              + Sizes.human(estimatedBytes)
              + "...");
    }
  }

  @Override
  public synchronized void progress(String table, long rows, long bytes) {
    if (bar != null) {
      bar.stepBy(bytes);
      bar.setExtraMessage(" tables " + tablesDone + "/" + tables);
    } else if (System.nanoTime() - lastLine > 5_000_000_000L) {
      lastLine = System.nanoTime();
      console.progress("  ... " + tablesDone + "/" + tables + " tables done");
    }
  }

  @Override
  public synchronized void tableDone(String table, long rows) {
    tablesDone++;
    if (bar != null) bar.setExtraMessage(" tables " + tablesDone + "/" + tables);
    else console.progress("  " + table + ": " + String.format("%,d", rows) + " rows");
  }

  @Override
  public synchronized void step(String description) {
    closeBar();
    console.progress(capitalize(description) + (description.contains(":") ? "" : "..."));
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    closeBar();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
