package dev.strata.core.review;

import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.schema.Schema;
import dev.strata.core.schema.ShadowServer;
import dev.strata.core.source.Migration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The review of migrations about to be applied: the dialect's rules on each one's text, then, when
 * a shadow server is given, each one run in turn on a shadow database that holds the target's live
 * schema (and optionally a sample of its rows), observed statement by statement.
 */
public final class Reviewer {
  private final Database target;
  private final HistoryTable table;
  private final Optional<ShadowServer> shadowServer;
  private final Optional<Duration> lockTimeout;
  private final Scope scope;

  /** Which migrations run observed on the shadow database. */
  public enum Scope {
    /** Every one: what {@code strata review} shows. */
    ALL,
    /**
     * Only from the first one that names a table the target has: the locks, rewrites and removals
     * the review looks for can only hurt the application on its own tables, so a batch that never
     * touches one (a fresh database) is judged by the text rules alone. What deploy and production
     * run by default.
     */
    WHAT_MATTERS
  }

  /**
   * @param shadowServer where shadow databases are made (opened only when something is observed);
   *     empty for text rules alone
   * @param lockTimeout the lock_timeout deploy will run the migrations with, if any
   */
  public Reviewer(
      Database target,
      HistoryTable table,
      Optional<ShadowServer> shadowServer,
      Optional<Duration> lockTimeout,
      Scope scope) {
    this.target = target;
    this.table = table;
    this.shadowServer = shadowServer;
    this.lockTimeout = lockTimeout;
    this.scope = scope;
  }

  /**
   * @param plans the migrations to review, analyzed, in the order they would be applied
   */
  public ReviewReport review(List<ScriptPlan> plans, int sampleRows) {
    long start = System.nanoTime();
    Set<String> inUse = target.reviews().tables(table);
    Map<String, Observation> observed = new HashMap<>();
    List<String> notes = new ArrayList<>();
    Optional<String> shadow = Optional.empty();
    int first = scope == Scope.ALL ? 0 : firstNamingATableInUse(plans, inUse);
    if (shadowServer.isPresent() && !plans.isEmpty() && first < 0) {
      notes.add(
          inUse.isEmpty()
              ? "nothing run on a shadow database: the target has no tables yet, so nothing these"
                  + " migrations do can block the application; the text rules were checked"
              : "nothing run on a shadow database: no pending migration names a table the target"
                  + " has; the text rules were checked");
    } else if (shadowServer.isPresent() && !plans.isEmpty()) {
      Database server = shadowServer.get().server();
      shadow = Optional.of(server.description());
      String here = target.schemas().catalogVersion();
      String there = server.schemas().catalogVersion();
      if (!here.equals(there)) {
        notes.add("observed on " + there + " while the target runs " + here);
      }
      if (first > 0) {
        notes.add(
            "the "
                + first
                + " migration(s) before "
                + plans.get(first).migration().name()
                + " name no table the target has: applied to the shadow database unobserved");
      }
      observe(server, plans, first, sampleRows, inUse, observed, notes);
    }
    List<MigrationReview> reviews = new ArrayList<>();
    for (ScriptPlan plan : plans) {
      Migration migration = plan.migration();
      String file = migration.displayPath();
      List<Finding> findings = new ArrayList<>(target.reviews().lint(plan, inUse));
      Optional<Observation> observation = Optional.ofNullable(observed.get(migration.name()));
      observation.ifPresent(
          o -> findings.addAll(target.reviews().findings(migration.name(), file, o)));
      reviews.add(MigrationReview.of(migration.name(), file, findings, observation));
    }
    return new ReviewReport(
        reviews,
        !observed.isEmpty(),
        shadow,
        sampleRows,
        (System.nanoTime() - start) / 1_000_000,
        notes);
  }

  private static final java.util.regex.Pattern WORD =
      java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  /** Every word of the migrations' text, in lower case: the names they may refer to. */
  private static Set<String> wordsOf(List<ScriptPlan> plans) {
    Set<String> words = new java.util.HashSet<>();
    for (ScriptPlan plan : plans) {
      var matcher = WORD.matcher(plan.script());
      while (matcher.find()) words.add(matcher.group().toLowerCase(java.util.Locale.ROOT));
    }
    return words;
  }

  /** The index of the first plan that names a table of {@code inUse}, or -1. */
  private int firstNamingATableInUse(List<ScriptPlan> plans, Set<String> inUse) {
    if (inUse.isEmpty()) return -1;
    for (int i = 0; i < plans.size(); i++) {
      if (target.reviews().mayTouch(plans.get(i), inUse)) return i;
    }
    return -1;
  }

  private static String nothingObserved(RuntimeException e) {
    return "nothing observed on a shadow database, the text rules were checked: "
        + e.getMessage()
        + (e.getMessage().contains("--shadow-url")
            ? ""
            : ". Install what is missing there, or point --shadow-url at a server like the"
                + " target's.");
  }

  /** The shadow database once made, or the reason it could not be, as thrown. */
  private static Database made(CompletableFuture<Database> making) {
    try {
      return making.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
  }

  /**
   * @param first the plans before it are applied without observation
   */
  private void observe(
      Database server,
      List<ScriptPlan> plans,
      int first,
      int sampleRows,
      Set<String> inUse,
      Map<String, Observation> observed,
      List<String> notes) {
    // The shadow database is made over a connection of its own while the target's schema is read.
    CompletableFuture<Database> making =
        CompletableFuture.supplyAsync(
            () -> server.schemas().createScratch(target.schemas().scope()));
    Schema live;
    try {
      // The shadow starts from what the target holds now, tables made by hand included: not from
      // a replay of the applied migrations, which misses whatever drifted.
      live = target.schemas().read(table).forObserving(wordsOf(plans)::contains);
    } catch (RuntimeException e) {
      try {
        made(making).close();
      } catch (RuntimeException ignored) {
        // The failure to read the target is what the user needs to hear about.
      }
      if (!(e instanceof StrataException)) throw e;
      notes.add(nothingObserved(e));
      return;
    }
    Database made;
    try {
      made = made(making);
    } catch (StrataException e) {
      // No right to make one (MySQL's shadow lives on the target's server): the text rules stand.
      notes.add(nothingObserved(e));
      return;
    }
    try (Database scratch = made) {
      try {
        scratch.schemas().build(live, "the live schema of the target");
      } catch (StrataException e) {
        notes.add(nothingObserved(e));
        return;
      }
      if (sampleRows > 0) scratch.reviews().copySample(target, sampleRows, table);
      for (ScriptPlan plan : plans.subList(0, first)) {
        Optional<String> failed = scratch.reviews().apply(plan);
        if (failed.isPresent()) {
          notes.add(
              "nothing observed: "
                  + plan.migration().name()
                  + " failed on the shadow database ("
                  + failed.get()
                  + "); the text rules were checked");
          return;
        }
      }
      for (ScriptPlan plan : plans.subList(first, plans.size())) {
        Observation observation =
            scratch.reviews().observe(plan, inUse, target.reviews(), lockTimeout, sampleRows > 0);
        observed.put(plan.migration().name(), observation);
        if (!observation.complete()) {
          if (plans.indexOf(plan) < plans.size() - 1) {
            notes.add(
                "the migrations after "
                    + plan.migration().name()
                    + " were not observed: "
                    + (observation.failure().isPresent()
                        ? "it failed on the shadow database"
                        : observation.stopped().orElseThrow()));
          }
          return;
        }
      }
    }
  }
}
