package dev.strata.core.review;

/**
 * A table or column that a migration removes, and how much data goes with it.
 *
 * @param object {@code table public.users} or {@code column public.users.email}
 * @param rows rows of the target database that hold a value there (for a column: non-null values);
 *     -1 when the target could not be counted
 * @param estimated true when {@code rows} is the planner's estimate, not a count
 */
public record DataAtRisk(String object, long rows, boolean estimated) {

  public String describe() {
    if (rows < 0) return object;
    String count = (estimated ? "about " : "") + rows + (rows == 1 ? " row" : " rows");
    return object + " (" + count + ")";
  }
}
