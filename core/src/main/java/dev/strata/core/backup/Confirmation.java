package dev.strata.core.backup;

/** Asks the person at the terminal; the CLI implements it, the API's default refuses. */
public interface Confirmation {
  Confirmation REFUSE = question -> false;

  /** True if the person confirmed the question. */
  boolean confirm(Question question);

  /**
   * @param database the database that will be replaced
   * @param target where it lives, for the message
   * @param production whether the person must type the database name
   * @param unverified the file has no manifest and cannot be checked
   * @param undoes applied migrations the restore takes away (a rollback by restore), else empty
   */
  record Question(
      String database,
      String target,
      boolean production,
      boolean unverified,
      String file,
      java.util.List<String> undoes) {}
}
