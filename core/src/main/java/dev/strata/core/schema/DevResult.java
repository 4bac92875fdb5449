package dev.strata.core.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code strata dev} did.
 *
 * @param written the migration scripts written, in the order they apply; empty when the schema file
 *     and the migrations already agree
 * @param applied how many of them were applied to the development database
 */
public record DevResult(
    Path schemaFile, SchemaComparison comparison, List<Path> written, int applied) {}
