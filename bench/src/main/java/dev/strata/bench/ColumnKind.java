package dev.strata.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * The kinds of application columns the corpus uses. Each kind knows its SQL type, a check
 * constraint, a default, and how to produce a value from a row number {@code g}, and those four
 * agree with each other: every generated value, every default and NULL satisfy the check. That is
 * what lets the generator add constraints, seed rows and backfill freely without a migration ever
 * failing.
 */
enum ColumnKind {
  LABEL(
      "text",
      List.of("name", "title", "label", "display_name", "full_name", "headline"),
      null,
      null,
      g -> "'Item ' || " + g,
      g -> "'Item " + g + "'",
      false),
  LONG_TEXT(
      "text",
      List.of("description", "notes", "summary", "body", "remarks", "instructions"),
      null,
      null,
      g -> "'Seeded row ' || " + g + " || ' for load testing'",
      g -> "'Seeded row " + g + " for load testing'",
      false),
  EMAIL(
      "text",
      List.of("email", "billing_email", "contact_email", "notify_email"),
      c -> c + " LIKE '%@%'",
      null,
      g -> "'user' || " + g + " || '@example.com'",
      g -> "'user" + g + "@example.com'",
      true),
  CODE(
      "varchar(32)",
      List.of("code", "reference", "external_ref", "sku", "number"),
      c -> "char_length(" + c + ") BETWEEN 2 AND 32",
      null,
      g -> "'C' || lpad((" + g + ")::text, 8, '0')",
      g -> "'C" + String.format("%08d", g) + "'",
      true),
  SLUG(
      "text",
      List.of("slug", "handle", "permalink"),
      c -> c + " ~ '^[a-z0-9-]+$'",
      null,
      g -> "'item-' || " + g,
      g -> "'item-" + g + "'",
      true),
  STATUS(
      "text",
      List.of("status", "state", "stage", "lifecycle"),
      c -> c + " IN ('draft', 'active', 'suspended', 'archived')",
      "'draft'",
      g -> "(ARRAY['draft', 'active', 'suspended', 'archived'])[1 + (" + g + ") % 4]",
      g -> quote(Words.STATUSES.get((int) (g % 4))),
      false),
  QUANTITY(
      "integer",
      List.of("quantity", "seats", "retry_count", "position", "sort_order", "max_items"),
      c -> c + " >= 0",
      "0",
      g -> "(" + g + ") % 100",
      g -> Long.toString(g % 100),
      false),
  AMOUNT(
      "numeric(12,2)",
      List.of("amount", "price", "total", "balance", "credit_limit", "tax_amount"),
      c -> c + " >= 0",
      "0",
      g -> "((" + g + ") * 37 % 100000) / 100.0",
      g -> BigDecimal.valueOf(g * 37 % 100000, 2).toPlainString(),
      false),
  RATE(
      "numeric(5,4)",
      List.of("tax_rate", "discount_rate", "conversion_rate", "share"),
      c -> c + " BETWEEN 0 AND 1",
      "0",
      g -> "((" + g + ") % 100) / 100.0",
      g -> BigDecimal.valueOf(g % 100, 2).toPlainString(),
      false),
  FLAG(
      "boolean",
      List.of("is_active", "is_archived", "is_default", "verified", "enabled", "is_public"),
      null,
      "false",
      g -> "(" + g + ") % 2 = 0",
      g -> g % 2 == 0 ? "true" : "false",
      false),
  TIMESTAMP(
      "timestamptz",
      List.of(
          "started_at", "ended_at", "published_at", "last_seen_at", "expires_at", "confirmed_at"),
      null,
      null,
      g -> "now() - make_interval(hours => (" + g + ")::int)",
      g -> "now() - interval '" + g + " hours'",
      false),
  DATE(
      "date",
      List.of("due_date", "valid_from", "valid_until", "birth_date", "period_start"),
      null,
      null,
      g -> "current_date - ((" + g + ") % 365)::int",
      g -> "current_date - " + g % 365,
      false),
  JSON(
      "jsonb",
      List.of("metadata", "settings", "attributes", "payload", "preferences"),
      null,
      "'{}'::jsonb",
      g -> "jsonb_build_object('seq', " + g + ", 'source', 'seed')",
      g -> "'{\"seq\": " + g + ", \"source\": \"seed\"}'",
      false),
  UUID(
      "uuid",
      List.of("public_id", "correlation_id", "tracking_id"),
      null,
      "gen_random_uuid()",
      g -> "gen_random_uuid()",
      g -> "gen_random_uuid()",
      false),
  BIG(
      "bigint",
      List.of("size_bytes", "duration_ms", "views", "external_id", "version"),
      c -> c + " >= 0",
      "0",
      g -> "(" + g + ")::bigint * 1000",
      g -> Long.toString(g * 1000),
      false),
  SCORE(
      "smallint",
      List.of("score", "priority", "rating", "level"),
      c -> c + " BETWEEN 0 AND 100",
      "0",
      g -> "((" + g + ") % 100)::smallint",
      g -> Long.toString(g % 100),
      false),
  COUNTRY(
      "char(2)",
      List.of("country_code", "region_code"),
      c -> c + " ~ '^[A-Z]{2}$'",
      "'US'",
      g -> "(ARRAY['DE', 'FR', 'US', 'GB', 'NL'])[1 + (" + g + ") % 5]",
      g -> quote(Words.COUNTRIES.get((int) (g % 5))),
      false),
  CURRENCY(
      "char(3)",
      List.of("currency", "billing_currency"),
      c -> c + " IN ('EUR', 'USD', 'GBP', 'CHF')",
      "'EUR'",
      g -> "(ARRAY['EUR', 'USD', 'GBP', 'CHF'])[1 + (" + g + ") % 4]",
      g -> quote(Words.CURRENCIES.get((int) (g % 4))),
      false),
  TAGS(
      "text[]",
      List.of("tags", "labels", "aliases"),
      null,
      "'{}'",
      g -> "ARRAY['t' || (" + g + ") % 7]",
      g -> "'{t" + g % 7 + "}'",
      false),
  INET(
      "inet",
      List.of("ip_address", "last_ip"),
      null,
      null,
      g -> "('10.0.' || (" + g + ") % 256 || '.' || (" + g + ") % 200 + 1)::inet",
      g -> "'10.0." + g % 256 + "." + (g % 200 + 1) + "'",
      false),
  DECIMAL(
      "double precision",
      List.of("latitude", "longitude", "weight_kg", "ratio"),
      null,
      null,
      g -> "(" + g + ") * 0.5",
      g -> Double.toString(g * 0.5),
      false);

  /** A holder class, because the constants above may not refer forward to static fields. */
  private static final class Words {
    static final List<String> STATUSES = List.of("draft", "active", "suspended", "archived");
    static final List<String> COUNTRIES = List.of("DE", "FR", "US", "GB", "NL");
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");
  }

  private final String sqlType;
  private final List<String> names;
  private final UnaryOperator<String> check;
  private final String defaultExpr;
  private final UnaryOperator<String> value;
  private final LongFunction<String> literal;
  private final boolean uniqueCapable;

  ColumnKind(
      String sqlType,
      List<String> names,
      UnaryOperator<String> check,
      String defaultExpr,
      UnaryOperator<String> value,
      LongFunction<String> literal,
      boolean uniqueCapable) {
    this.sqlType = sqlType;
    this.names = names;
    this.check = check;
    this.defaultExpr = defaultExpr;
    this.value = value;
    this.literal = literal;
    this.uniqueCapable = uniqueCapable;
  }

  String sqlType() {
    return sqlType;
  }

  List<String> names() {
    return names;
  }

  /** The CHECK expression for a column of this kind, or null when the kind has none. */
  String check(String column) {
    return check == null ? null : check.apply(column);
  }

  /**
   * A default satisfying the check, or null: such a column needs a value on insert when NOT NULL.
   */
  String defaultExpr() {
    return defaultExpr;
  }

  /** A SQL expression for row {@code g} (an SQL expression itself, e.g. a series variable). */
  String value(String g) {
    return value.apply(g);
  }

  /** The same value as {@link #value} for a known row number, written the way seed files do. */
  String literal(long g) {
    return literal.apply(g);
  }

  /** Values are distinct per distinct g, so a UNIQUE constraint holds for seeded rows. */
  boolean uniqueCapable() {
    return uniqueCapable;
  }

  private static String quote(String text) {
    return "'" + text + "'";
  }

  /** jsonb and arrays want GIN indexes; everything else gets btree. */
  boolean ginIndexed() {
    return this == JSON || this == TAGS;
  }
}
