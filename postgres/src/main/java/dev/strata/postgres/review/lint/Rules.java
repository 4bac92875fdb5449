package dev.strata.postgres.review.lint;

import java.util.List;

/** Every static rule, each with its stable codes. */
public final class Rules {
  private Rules() {}

  public static List<Rule> all() {
    return List.of(
        IndexNotConcurrent::check, // index-not-concurrent
        ConstraintNotValid::check, // constraint-not-valid
        SetNotNull::check, // set-not-null
        VolatileDefault::check, // volatile-default
        ColumnTypeChange::check, // column-type-change
        Renames::check, // rename-column, rename-table
        Drops::check, // drop-table, drop-column
        Truncate::check, // truncate
        ConcurrentStatements::check, // concurrently-in-transaction, concurrently-mixed
        LockTimeoutMissing::check, // lock-timeout-missing
        NotIdempotent::check, // not-idempotent
        NoDownMigration::check); // no-down-migration
  }
}
