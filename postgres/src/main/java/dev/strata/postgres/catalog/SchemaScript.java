package dev.strata.postgres.catalog;

import java.util.List;

/** PLACEHOLDER until the catalog reader lands. */
public record SchemaScript(
    List<String> preData,
    List<String> postData,
    List<String> ownership,
    List<TableData> tables,
    List<SequenceValue> sequences) {}
