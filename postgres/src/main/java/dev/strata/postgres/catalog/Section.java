package dev.strata.postgres.catalog;

/** Where a statement runs in a restore: before the data is loaded, or after. */
enum Section {
  PRE_DATA,
  POST_DATA
}
