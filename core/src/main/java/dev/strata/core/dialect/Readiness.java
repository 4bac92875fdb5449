package dev.strata.core.dialect;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a database tells about being ready for the pending migrations, gathered by the dialect for
 * {@code strata doctor}.
 *
 * @param user the connected user
 * @param createOnDatabase the user may create schemas in the database
 * @param createOnSchema the user may create objects in the schema migrations run in
 * @param notOwned tables the pending migrations alter that the user does not own
 * @param locks per pending migration, the locks its statements take ("line 3: ACCESS EXCLUSIVE on
 *     public.t")
 * @param nonTransactional per pending migration, its statements that run outside a transaction
 * @param blockers sessions holding locks on tables the pending migrations touch
 * @param longTransactions transactions open for minutes, or idle in transaction, that hold back DDL
 */
public record Readiness(
    String serverVersion,
    Duration latency,
    String user,
    String schema,
    boolean createOnDatabase,
    boolean createOnSchema,
    List<String> notOwned,
    long databaseSize,
    List<String> locks,
    List<String> nonTransactional,
    Optional<LockHolder> deployLockHolder,
    List<String> blockers,
    List<String> longTransactions) {}
