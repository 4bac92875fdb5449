package dev.strata.postgres.catalog;

/**
 * What a dumped object is, in pg_dump's priority order (pg_dump_sort.c): among objects whose
 * dependencies allow either order, the one with the earlier kind comes first, then by schema and
 * name. Tables, views, materialized views and sequences share one priority, as in pg_dump.
 */
enum Kind {
  SCHEMA(Section.PRE_DATA),
  COLLATION(Section.PRE_DATA),
  EXTENSION(Section.PRE_DATA),
  TYPE(Section.PRE_DATA),
  FUNCTION(Section.PRE_DATA),
  AGGREGATE(Section.PRE_DATA),
  TABLE(Section.PRE_DATA),
  TABLE_ATTACH(Section.PRE_DATA),
  SEQUENCE_OWNED_BY(Section.PRE_DATA),
  COLUMN_DEFAULT(Section.PRE_DATA),
  CONSTRAINT(Section.POST_DATA),
  INDEX(Section.POST_DATA),
  INDEX_ATTACH(Section.POST_DATA),
  STATISTICS(Section.POST_DATA),
  RULE(Section.POST_DATA),
  TRIGGER(Section.POST_DATA),
  FOREIGN_KEY(Section.POST_DATA),
  ROW_SECURITY(Section.POST_DATA),
  POLICY(Section.POST_DATA),
  TABLE_SETTING(Section.POST_DATA),
  REFRESH(Section.POST_DATA);

  private final Section section;

  Kind(Section section) {
    this.section = section;
  }

  Section section() {
    return section;
  }
}
