package dev.strata.core.review;

/**
 * A table lock a statement was seen to take (or to wait for).
 *
 * @param table the table, schema-qualified
 * @param mode the lock mode in PostgreSQL's words, e.g. {@code ACCESS EXCLUSIVE}
 * @param preExisting true when the table existed before the reviewed migrations, so the application
 *     may be using it
 * @param blocksWrites true when the mode conflicts with the {@code ROW EXCLUSIVE} lock that INSERT,
 *     UPDATE and DELETE take
 * @param blocksReads true when it conflicts with the {@code ACCESS SHARE} lock that SELECT takes
 */
public record LockTaken(
    String table, String mode, boolean preExisting, boolean blocksWrites, boolean blocksReads) {}
