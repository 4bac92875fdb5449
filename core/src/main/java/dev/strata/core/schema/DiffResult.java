package dev.strata.core.schema;

/**
 * What {@code strata diff} found, and how long it took after start-up.
 *
 * @param readFromMillis reading (and, for a folder or file, building) the FROM side
 * @param readToMillis reading (or building) the TO side; when both sides are databases they are
 *     read at once, and this is only the time the TO side took beyond the FROM side
 * @param diffMillis comparing the two schemas
 */
public record DiffResult(
    SchemaSource from,
    SchemaSource to,
    SchemaComparison comparison,
    int fromObjects,
    int toObjects,
    long readFromMillis,
    long readToMillis,
    long diffMillis) {}
