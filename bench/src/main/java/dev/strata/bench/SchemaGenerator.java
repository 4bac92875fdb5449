package dev.strata.bench;

import dev.strata.bench.SchemaModel.Column;
import dev.strata.bench.SchemaModel.EnumType;
import dev.strata.bench.SchemaModel.PrimaryKey;
import dev.strata.bench.SchemaModel.Table;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Grows an application schema one migration at a time, the way a product's migration history grows:
 * new tables referencing older ones, columns added later and backfilled, indexes, views, plpgsql
 * functions and triggers, enums, comments and seed data. Everything is driven by one seeded {@link
 * Random}, so the same seed gives byte-identical SQL on every machine.
 *
 * <p>Every migration must succeed on an empty PostgreSQL 13+ database inside one transaction, so
 * nothing uses CONCURRENTLY, and the generator only emits statements the {@link SchemaModel} proves
 * valid (objects exist, names are free, data satisfies constraints).
 */
final class SchemaGenerator {

  private static final List<String> MODULES =
      List.of(
          "core",
          "billing",
          "catalog",
          "sales",
          "crm",
          "inventory",
          "shipping",
          "support",
          "hr",
          "analytics",
          "auth",
          "content",
          "payments",
          "marketing");
  private static final List<String> NOUNS =
      List.of(
          "account",
          "customer",
          "order",
          "order_item",
          "invoice",
          "invoice_line",
          "product",
          "price",
          "category",
          "supplier",
          "warehouse",
          "stock_level",
          "shipment",
          "carrier",
          "ticket",
          "ticket_comment",
          "employee",
          "department",
          "payroll_run",
          "session",
          "api_key",
          "role",
          "permission",
          "article",
          "tag",
          "media_asset",
          "campaign",
          "coupon",
          "subscription",
          "plan",
          "payment",
          "refund",
          "address",
          "contact",
          "note",
          "event",
          "metric",
          "report",
          "webhook",
          "setting");
  private static final List<String> ENUM_SUFFIXES =
      List.of("kind", "channel", "tier", "method", "reason", "source");
  private static final List<String> ENUM_LABELS =
      List.of(
          "standard",
          "premium",
          "internal",
          "partner",
          "email",
          "sms",
          "push",
          "web",
          "mobile",
          "api",
          "manual",
          "import",
          "legacy",
          "trial",
          "enterprise",
          "other");
  private static final List<String> TICKETS =
      List.of(
          "Requested by the reporting team.",
          "Needed for the EU data residency work.",
          "Follow-up from the Q3 incident review.",
          "Backs the new self-service screens.",
          "Part of the billing v2 rollout.",
          "Keeps the mobile app's offline sync fast.",
          "Agreed with ops: safe to run during business hours.");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final Random random;
  private final SchemaModel model = new SchemaModel();
  private final Set<String> functionNames = new HashSet<>();
  private LocalDateTime clock = LocalDateTime.of(2023, 1, 9, 9, 0, 0);

  SchemaGenerator(long seed) {
    this.random = new Random(seed);
  }

  List<Corpus.Migration> generate(int count) {
    List<Corpus.Migration> migrations = new ArrayList<>(count);
    for (int number = 1; number <= count; number++) {
      migrations.add(next(number));
    }
    return migrations;
  }

  SchemaModel model() {
    return model;
  }

  private Corpus.Migration next(int number) {
    // deploys happen hours to days apart; seconds make equal minutes impossible
    clock = clock.plusMinutes(30 + random.nextInt(72 * 60)).plusSeconds(1 + random.nextInt(58));
    SqlScript script = new SqlScript();
    String title = number == 1 ? initial(script) : body(script);
    String header = "-- m" + String.format("%04d", number) + ": " + title + "\n";
    if (random.nextInt(4) == 0) {
      header += "/*\n * " + pick(TICKETS) + "\n */\n";
    }
    String name = "m" + String.format("%04d", number);
    return new Corpus.Migration(
        number, name, clock.format(TIMESTAMP), header + script.text(), script.statements());
  }

  // ------------------------------------------------------------------ migration kinds

  private String initial(SqlScript script) {
    script.comment("keeps updated_at honest without every writer remembering to set it");
    script.statement(
        """
                CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$""");
    model.functions.add("set_updated_at");
    functionNames.add("set_updated_at");
    model.updatedAtFunction = true;
    for (int i = 0; i < 3; i++) {
      createTable(script);
    }
    return "initial schema";
  }

  private String body(SqlScript script) {
    if (random.nextInt(10) == 0) {
      script.statement("SET LOCAL lock_timeout = '5s'");
    }
    int roll = random.nextInt(100);
    if (roll < 30 || model.appTables().size() < 4) {
      Table first = createTable(script);
      int more = random.nextInt(20) < 9 ? 0 : random.nextInt(10) < 6 ? 1 : 2;
      for (int i = 0; i < more && script.hasRoom(12); i++) {
        createTable(script);
      }
      return "create " + first.name + (more > 0 ? " and related tables" : "");
    }
    if (roll < 52) {
      return alterTable(script);
    }
    if (roll < 60) {
      return tuneIndexes(script);
    }
    if (roll < 68) {
      String title = createView(script);
      if (title != null) {
        return title;
      }
      return alterTable(script);
    }
    if (roll < 76) {
      return functions(script);
    }
    if (roll < 82) {
      return enumType(script);
    }
    return seedData(script);
  }

  // ------------------------------------------------------------------ tables

  private Table createTable(SqlScript script) {
    String module = pick(MODULES);
    String noun = pick(NOUNS);
    String name = model.reserve(module + "_" + noun);
    int pkRoll = random.nextInt(100);
    PrimaryKey pk =
        pkRoll < 60 ? PrimaryKey.IDENTITY : pkRoll < 85 ? PrimaryKey.BIGSERIAL : PrimaryKey.UUID;
    Table table = new Table(name, noun, pk, false);
    model.reserve(name + "_pkey");
    if (pk != PrimaryKey.UUID) {
      model.reserve(name + "_id_seq");
    }

    List<String> lines = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    lines.add("id " + pk.definition);

    int width = 5 + random.nextInt(16);
    int foreignKeys = model.appTables().isEmpty() ? 0 : random.nextInt(4);
    for (int i = 0; i < foreignKeys; i++) {
      Table parent = recentTable();
      String column = freeColumn(table, parent.noun + "_id");
      boolean notNull = random.nextInt(10) < 6;
      String onDelete =
          switch (random.nextInt(4)) {
            case 0 -> " ON DELETE CASCADE";
            case 1 -> " ON DELETE RESTRICT";
            case 2 -> notNull ? "" : " ON DELETE SET NULL";
            default -> "";
          };
      table.columns.add(
          new Column(column, ColumnKind.BIG, notNull, false, false, parent.name, null));
      lines.add(
          column
              + " "
              + parent.primaryKey.referenceType
              + (notNull ? " NOT NULL" : "")
              + " REFERENCES "
              + parent.name
              + " (id)"
              + onDelete);
      indexes.add(indexOn(table, column));
    }
    if (random.nextInt(12) == 0) {
      String column = freeColumn(table, "parent_id");
      table.columns.add(new Column(column, ColumnKind.BIG, false, false, false, name, null));
      lines.add(column + " " + pk.referenceType + " REFERENCES " + name + " (id)");
    }
    if (!model.enums.isEmpty() && random.nextInt(4) == 0) {
      EnumType type = model.enums.get(random.nextInt(model.enums.size()));
      String column = freeColumn(table, type.name());
      table.columns.add(new Column(column, ColumnKind.LABEL, true, true, false, null, type));
      lines.add(column + " " + type.name() + " NOT NULL DEFAULT '" + type.labels().get(0) + "'");
    }
    while (table.columns.size() + 3 < width) {
      ColumnKind kind = pick(List.of(ColumnKind.values()));
      String column = columnName(table, kind);
      boolean notNull = random.nextBoolean();
      boolean withDefault = kind.defaultExpr() != null && random.nextInt(10) < 6;
      boolean unique = kind.uniqueCapable() && random.nextInt(10) < 4;
      StringBuilder line = new StringBuilder(column).append(' ').append(kind.sqlType());
      if (notNull) {
        line.append(" NOT NULL");
      }
      if (withDefault) {
        line.append(" DEFAULT ").append(kind.defaultExpr());
      }
      if (unique) {
        line.append(" UNIQUE");
        model.reserve(name + "_" + column + "_key");
      }
      if (kind.check(column) != null && random.nextBoolean()) {
        line.append(" CHECK (").append(kind.check(column)).append(')');
      }
      table.columns.add(new Column(column, kind, notNull, withDefault, unique, null, null));
      lines.add(line.toString());
    }
    lines.add("created_at timestamptz NOT NULL DEFAULT now()");
    table.columns.add(
        new Column("created_at", ColumnKind.TIMESTAMP, true, true, false, null, null));
    if (random.nextInt(10) < 7) {
      lines.add("updated_at timestamptz NOT NULL DEFAULT now()");
      table.columns.add(
          new Column("updated_at", ColumnKind.TIMESTAMP, true, true, false, null, null));
      table.hasUpdatedAt = true;
    }

    StringBuilder create = new StringBuilder("CREATE TABLE ").append(name).append(" (\n");
    for (int i = 0; i < lines.size(); i++) {
      create.append("    ").append(lines.get(i)).append(i + 1 < lines.size() ? "," : "");
      if (i > 0 && random.nextInt(25) == 0) {
        // reviewers' notes end up inline; the quote and semicolon are there on purpose
        create.append(" -- don't reuse; kept for the export job");
      }
      create.append('\n');
    }
    create.append(')');
    if (random.nextInt(6) == 0) {
      script.comment(name + ": owned by the " + module + " team");
    }
    script.statement(create.toString());
    model.tables.put(name, table);

    for (String index : indexes) {
      if (script.hasRoom(1)) {
        script.statement(index);
      }
    }
    for (int i = random.nextInt(3); i > 0 && script.hasRoom(1); i--) {
      String index = extraIndex(table);
      if (index != null) {
        script.statement(index);
      }
    }
    if (script.hasRoom(1) && random.nextInt(10) < 7) {
      script.statement("COMMENT ON TABLE " + name + " IS '" + describe(table) + "'");
    }
    for (int i = random.nextInt(5); i > 0 && script.hasRoom(1); i--) {
      Column column = table.columns.get(random.nextInt(table.columns.size()));
      script.statement(
          "COMMENT ON COLUMN " + name + "." + column.name() + " IS '" + describe(column) + "'");
    }
    if (table.hasUpdatedAt && script.hasRoom(1)) {
      script.statement(updatedAtTrigger(table));
    }
    if (model.auditFunction && script.hasRoom(1) && random.nextInt(5) == 0) {
      script.statement(auditTrigger(table));
    }
    return table;
  }

  private String alterTable(SqlScript script) {
    Table table = recentTable();
    boolean combined = random.nextBoolean();
    int count = 1 + random.nextInt(5);
    List<String> clauses = new ArrayList<>();
    List<Column> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (random.nextInt(7) == 0 && model.appTables().size() > 1) {
        Table parent = recentTable();
        String column = freeColumn(table, parent.noun + "_id");
        Column fk = new Column(column, ColumnKind.BIG, false, false, false, parent.name, null);
        table.columns.add(fk);
        clauses.add(
            "ADD COLUMN "
                + column
                + " "
                + parent.primaryKey.referenceType
                + " REFERENCES "
                + parent.name
                + " (id) ON DELETE SET NULL");
        added.add(fk);
        continue;
      }
      ColumnKind kind = pick(List.of(ColumnKind.values()));
      String name = columnName(table, kind);
      boolean withDefault = kind.defaultExpr() != null && random.nextBoolean();
      Column column = new Column(name, kind, withDefault, withDefault, false, null, null);
      table.columns.add(column);
      clauses.add(
          "ADD COLUMN "
              + name
              + " "
              + kind.sqlType()
              + (withDefault ? " NOT NULL DEFAULT " + kind.defaultExpr() : ""));
      added.add(column);
    }
    if (combined) {
      script.statement("ALTER TABLE " + table.name + "\n    " + String.join(",\n    ", clauses));
    } else {
      for (String clause : clauses) {
        script.statement("ALTER TABLE " + table.name + " " + clause);
      }
    }
    for (Column column : added) {
      if (column.isForeignKey()) {
        script.statement(indexOn(table, column.name()));
        continue;
      }
      if (!column.notNull() && random.nextInt(10) < 3) {
        backfillAndRequire(script, table, column);
      } else if (!column.notNull() && column.kind().uniqueCapable() && random.nextInt(3) == 0) {
        // nullable, so existing rows (NULL) cannot violate it
        String index = model.reserve(table.name + "_" + column.name() + "_key");
        script.statement(
            "CREATE UNIQUE INDEX " + index + " ON " + table.name + " (" + column.name() + ")");
        replace(
            table,
            column,
            new Column(column.name(), column.kind(), false, false, true, null, null));
      } else if (random.nextInt(10) < 4) {
        script.statement(indexOn(table, column.name()));
      }
      if (column.kind().check(column.name()) != null && random.nextInt(5) == 0) {
        // the two-step form production migrations use to avoid a long exclusive lock
        String constraint = clip(table.name + "_" + column.name() + "_chk");
        script.statement(
            "ALTER TABLE "
                + table.name
                + " ADD CONSTRAINT "
                + constraint
                + " CHECK ("
                + column.kind().check(column.name())
                + ") NOT VALID");
        script.statement("ALTER TABLE " + table.name + " VALIDATE CONSTRAINT " + constraint);
      }
      if (random.nextInt(10) < 3) {
        script.statement(
            "COMMENT ON COLUMN "
                + table.name
                + "."
                + column.name()
                + " IS '"
                + describe(column)
                + "'");
      }
    }
    if (random.nextInt(10) == 0) {
      renameColumn(script, table);
    }
    if (random.nextInt(8) == 0) {
      changeDefault(script, table);
    }
    return "alter " + table.name;
  }

  private void backfillAndRequire(SqlScript script, Table table, Column column) {
    // numeric ids make per-row values; uuid keys get one constant
    String g = table.primaryKey == PrimaryKey.UUID ? "42" : "id";
    String value =
        column.kind().uniqueCapable()
            ? column.kind().value("(" + g + ") + 1000000")
            : column.kind().value(g);
    if (column.kind() == ColumnKind.UUID) {
      value = "gen_random_uuid()";
    }
    script.comment("backfill before making it mandatory");
    script.statement(
        "UPDATE "
            + table.name
            + " SET "
            + column.name()
            + " = "
            + value
            + " WHERE "
            + column.name()
            + " IS NULL");
    script.statement(
        "ALTER TABLE " + table.name + " ALTER COLUMN " + column.name() + " SET NOT NULL");
    // unique-capable values from a uuid key would all be equal, so never mark those unique
    replace(
        table, column, new Column(column.name(), column.kind(), true, false, false, null, null));
  }

  private void renameColumn(SqlScript script, Table table) {
    List<Column> candidates =
        table.columns.stream()
            .filter(
                c ->
                    !c.isForeignKey()
                        && c.enumType() == null
                        && !c.name().endsWith("_at")
                        && !c.name().startsWith("legacy_"))
            .toList();
    if (candidates.isEmpty()) {
      return;
    }
    Column column = candidates.get(random.nextInt(candidates.size()));
    String renamed = freeColumn(table, "legacy_" + column.name());
    script.statement(
        "ALTER TABLE " + table.name + " RENAME COLUMN " + column.name() + " TO " + renamed);
    replace(
        table,
        column,
        new Column(
            renamed,
            column.kind(),
            column.notNull(),
            column.hasDefault(),
            column.unique(),
            null,
            null));
  }

  private void changeDefault(SqlScript script, Table table) {
    List<Column> candidates =
        table.columns.stream()
            .filter(
                c ->
                    !c.isForeignKey()
                        && c.enumType() == null
                        && c.kind().defaultExpr() != null
                        && !c.name().endsWith("_at"))
            .toList();
    if (candidates.isEmpty()) {
      return;
    }
    Column column = candidates.get(random.nextInt(candidates.size()));
    script.statement(
        "ALTER TABLE "
            + table.name
            + " ALTER COLUMN "
            + column.name()
            + " SET DEFAULT "
            + column.kind().defaultExpr());
    replace(
        table,
        column,
        new Column(
            column.name(), column.kind(), column.notNull(), true, column.unique(), null, null));
  }

  private String tuneIndexes(SqlScript script) {
    script.blockComment(
        "Indexes for the slow queries found in pg_stat_statements.",
        "Plain CREATE INDEX on purpose: these tables are still small.");
    int tables = 1 + random.nextInt(3);
    String first = null;
    for (int i = 0; i < tables; i++) {
      Table table = recentTable();
      first = first == null ? table.name : first;
      for (int j = 1 + random.nextInt(3); j > 0 && script.hasRoom(2); j--) {
        String index = extraIndex(table);
        if (index != null) {
          script.statement(index);
        }
      }
      if (script.hasRoom(1) && random.nextBoolean()) {
        script.statement("COMMENT ON TABLE " + table.name + " IS '" + describe(table) + "'");
      }
    }
    return "indexes on " + first;
  }

  // ------------------------------------------------------------------ views

  private String createView(SqlScript script) {
    List<Table> children =
        model.appTables().stream()
            .filter(
                t ->
                    t.columns.stream()
                        .anyMatch(c -> c.isForeignKey() && !c.references().equals(t.name)))
            .toList();
    int kind = random.nextInt(3);
    if (kind == 0 && !children.isEmpty()) {
      Table child =
          children.get(children.size() - 1 - random.nextInt(Math.min(children.size(), 10)));
      Column fk =
          child.columns.stream()
              .filter(c -> c.isForeignKey() && !c.references().equals(child.name))
              .findFirst()
              .orElseThrow();
      Table parent = model.tables.get(fk.references());
      String view = model.reserve(child.name + "_with_" + parent.noun);
      Set<String> names = new LinkedHashSet<>();
      StringJoiner select = new StringJoiner(",\n       ", "SELECT ", "\n");
      select.add("c.id");
      names.add("id");
      child.columns.stream()
          .filter(c -> !c.isForeignKey())
          .limit(4)
          .forEach(
              c -> {
                select.add("c." + c.name());
                names.add(c.name());
              });
      select.add("c." + fk.name());
      names.add(fk.name());
      for (Column column :
          parent.columns.stream().filter(c -> !c.isForeignKey()).limit(3).toList()) {
        String alias = clip(parent.noun + "_" + column.name());
        if (names.add(alias)) {
          select.add("p." + column.name() + " AS " + alias);
        }
      }
      script.statement(
          "CREATE VIEW "
              + view
              + " AS\n"
              + select
              + "FROM "
              + child.name
              + " c\n"
              + "JOIN "
              + parent.name
              + " p ON p.id = c."
              + fk.name());
      model.views.add(view);
      script.statement(
          "COMMENT ON VIEW "
              + view
              + " IS '"
              + child.noun.replace('_', ' ')
              + " rows with their "
              + parent.noun.replace('_', ' ')
              + "; used by the admin UI'");
      return "view " + view;
    }
    Table table = recentTable();
    List<Column> status = table.columnsOf(ColumnKind.STATUS);
    if (kind == 1 && !status.isEmpty()) {
      String column = status.get(0).name();
      String view = model.reserve(table.name + "_by_" + column);
      script.comment("refreshed nightly by the reporting job");
      script.statement(
          "CREATE MATERIALIZED VIEW "
              + view
              + " AS\nSELECT "
              + column
              + ", count(*) AS total, max(created_at) AS latest\nFROM "
              + table.name
              + "\nGROUP BY "
              + column
              + "\nWITH DATA");
      model.views.add(view);
      String index = model.reserve(view + "_key");
      script.statement("CREATE UNIQUE INDEX " + index + " ON " + view + " (" + column + ")");
      return "materialized view " + view;
    }
    String view = model.reserve(table.name + "_daily");
    StringBuilder select =
        new StringBuilder("SELECT date_trunc('day', created_at) AS day,\n       count(*) AS total");
    for (Column amount : table.columnsOf(ColumnKind.AMOUNT).stream().limit(2).toList()) {
      select
          .append(",\n       sum(")
          .append(amount.name())
          .append(") AS ")
          .append(amount.name())
          .append("_sum");
    }
    script.statement(
        "CREATE VIEW " + view + " AS\n" + select + "\nFROM " + table.name + "\nGROUP BY 1");
    model.views.add(view);
    return "view " + view;
  }

  // ------------------------------------------------------------------ functions and triggers

  private String functions(SqlScript script) {
    if (!model.auditFunction && model.appTables().size() >= 3) {
      createAudit(script);
      return "audit log";
    }
    Table table = recentTable();
    String title;
    List<Column> statuses = table.columnsOf(ColumnKind.STATUS);
    List<Column> amounts = table.columnsOf(ColumnKind.AMOUNT);
    int kind = random.nextInt(3);
    if (kind == 0 && !statuses.isEmpty()) {
      String status = statuses.get(0).name();
      String function = function(table.name + "_archive_stale");
      script.statement(
          "CREATE OR REPLACE FUNCTION "
              + function
              + "(p_before timestamptz)\n"
              + "RETURNS integer\nLANGUAGE plpgsql\nAS $fn$\nDECLARE\n    v_count integer;\nBEGIN\n"
              + "    -- 'archived' rows stay for reporting; only the state changes\n"
              + "    UPDATE "
              + table.name
              + "\n       SET "
              + status
              + " = 'archived'\n"
              + "     WHERE created_at < p_before\n       AND "
              + status
              + " <> 'archived';\n"
              + "    GET DIAGNOSTICS v_count = ROW_COUNT;\n"
              + "    RAISE NOTICE 'archived % rows of %', v_count, '"
              + table.name
              + "';\n"
              + "    RETURN v_count;\nEND;\n$fn$");
      title = "function " + function;
    } else if (kind == 1 && !amounts.isEmpty()) {
      String amount = amounts.get(0).name();
      String function = function(table.name + "_validate");
      script.statement(
          "CREATE OR REPLACE FUNCTION "
              + function
              + "() RETURNS trigger\n"
              + "LANGUAGE plpgsql\nAS $body$\nBEGIN\n"
              + "    IF NEW."
              + amount
              + " < 0 THEN\n"
              + "        RAISE EXCEPTION 'negative "
              + amount
              + " (%) on "
              + table.name
              + " row %', NEW."
              + amount
              + ", NEW.id\n            USING ERRCODE = 'check_violation';\n    END IF;\n"
              + "    RETURN NEW;\nEND;\n$body$");
      script.statement(
          "CREATE TRIGGER "
              + function
              + "\n    BEFORE INSERT OR UPDATE ON "
              + table.name
              + "\n    FOR EACH ROW EXECUTE FUNCTION "
              + function
              + "()");
      title = "validation trigger on " + table.name;
    } else {
      String function = function(table.name + "_count_since");
      script.statement(
          "CREATE OR REPLACE FUNCTION "
              + function
              + "(p_since timestamptz)\n"
              + "RETURNS bigint\nLANGUAGE sql\nSTABLE\nAS $$\n    SELECT count(*) FROM "
              + table.name
              + " WHERE created_at >= p_since;\n$$");
      script.statement(
          "COMMENT ON FUNCTION "
              + function
              + "(timestamptz) IS 'dashboard counter; cheap because of "
              + "the created_at index'");
      title = "function " + function;
    }
    if (model.auditFunction) {
      for (Table candidate : model.appTables()) {
        if (!candidate.audited && script.hasRoom(1) && random.nextInt(8) == 0) {
          script.statement(auditTrigger(candidate));
        }
      }
    }
    return title;
  }

  private void createAudit(SqlScript script) {
    String name = model.reserve("audit_log");
    model.reserve(name + "_pkey");
    model.reserve(name + "_id_seq");
    Table audit = new Table(name, "audit", PrimaryKey.IDENTITY, true);
    model.tables.put(name, audit);
    script.statement(
        "CREATE TABLE "
            + name
            + " (\n"
            + "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            + "    table_name text NOT NULL,\n"
            + "    operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),\n"
            + "    row_id text,\n"
            + "    row_data jsonb,\n"
            + "    changed_at timestamptz NOT NULL DEFAULT now(),\n"
            + "    changed_by text NOT NULL DEFAULT current_user\n)");
    script.statement(
        "CREATE INDEX "
            + model.reserve(name + "_table_changed_idx")
            + " ON "
            + name
            + " (table_name, changed_at)");
    script.statement(
        """
                CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
                LANGUAGE plpgsql
                AS $audit$
                BEGIN
                    -- TG_OP is 'INSERT', 'UPDATE' or 'DELETE'; keep the whole row image
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO %1$s (table_name, operation, row_id, row_data)
                        VALUES (TG_TABLE_NAME, TG_OP, OLD.id::text, to_jsonb(OLD));
                        RETURN OLD;
                    END IF;
                    INSERT INTO %1$s (table_name, operation, row_id, row_data)
                    VALUES (TG_TABLE_NAME, TG_OP, NEW.id::text, to_jsonb(NEW));
                    RETURN NEW;
                END;
                $audit$"""
            .formatted(name));
    model.functions.add("audit_row_change");
    functionNames.add("audit_row_change");
    model.auditFunction = true;
    script.statement(
        "COMMENT ON TABLE " + name + " IS 'Row-level audit trail, written by audit_row_change()'");
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      Table table = recentTable();
      if (!table.audited) {
        script.statement(auditTrigger(table));
      }
    }
  }

  private String updatedAtTrigger(Table table) {
    table.updatedAtTrigger = true;
    return "CREATE TRIGGER "
        + clip(table.name + "_set_updated_at")
        + "\n    BEFORE UPDATE ON "
        + table.name
        + "\n    FOR EACH ROW EXECUTE FUNCTION set_updated_at()";
  }

  private String auditTrigger(Table table) {
    table.audited = true;
    return "CREATE TRIGGER "
        + clip(table.name + "_audit")
        + "\n    AFTER INSERT OR UPDATE OR DELETE ON "
        + table.name
        + "\n    FOR EACH ROW EXECUTE FUNCTION audit_row_change()";
  }

  private String function(String base) {
    String name = clip(base);
    for (int i = 2; !functionNames.add(name); i++) {
      name = clip(base + "_" + i);
    }
    model.functions.add(name);
    return name;
  }

  // ------------------------------------------------------------------ enums

  private String enumType(SqlScript script) {
    if (!model.enums.isEmpty() && random.nextInt(4) == 0) {
      // a new label only; using it in the same transaction is not allowed, so nothing does
      EnumType type = model.enums.get(random.nextInt(model.enums.size()));
      String label = "extra_" + random.nextInt(1_000_000);
      script.statement("ALTER TYPE " + type.name() + " ADD VALUE IF NOT EXISTS '" + label + "'");
      return "extend " + type.name();
    }
    Table table = recentTable();
    String type = model.reserve(table.noun + "_" + pick(ENUM_SUFFIXES));
    List<String> labels = new ArrayList<>();
    for (int i = 3 + random.nextInt(5); labels.size() < i; ) {
      String label = pick(ENUM_LABELS);
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    EnumType enumType = new EnumType(type, List.copyOf(labels));
    model.enums.add(enumType);
    StringJoiner values = new StringJoiner(", ", "(", ")");
    labels.forEach(l -> values.add("'" + l + "'"));
    script.statement("CREATE TYPE " + type + " AS ENUM " + values);
    script.statement(
        "COMMENT ON TYPE " + type + " IS 'see docs/" + type + ".md before adding labels'");
    for (int i = 1 + random.nextInt(2); i > 0; i--) {
      Table target = i == 1 ? table : recentTable();
      String column = freeColumn(target, type);
      target.columns.add(new Column(column, ColumnKind.LABEL, true, true, false, null, enumType));
      script.statement(
          "ALTER TABLE "
              + target.name
              + " ADD COLUMN "
              + column
              + " "
              + type
              + " NOT NULL DEFAULT '"
              + labels.get(0)
              + "'");
      if (random.nextBoolean()) {
        script.statement(indexOn(target, column));
      }
    }
    return "enum " + type;
  }

  // ------------------------------------------------------------------ data

  private String seedData(SqlScript script) {
    Table first = null;
    for (int i = 1 + random.nextInt(3); i > 0 && script.hasRoom(6); i--) {
      Table table = recentTable();
      first = first == null ? table : first;
      seed(script, table, 0);
    }
    if (script.hasRoom(1) && random.nextBoolean()) {
      backfill(script, first);
    }
    return "seed " + first.name;
  }

  /** Inserts rows into {@code table}, first seeding any parent a NOT NULL foreign key needs. */
  private void seed(SqlScript script, Table table, int depth) {
    for (Column column : table.columns) {
      Table parent = column.isForeignKey() ? model.tables.get(column.references()) : null;
      if (column.notNull() && parent != null && parent != table && parent.rows == 0) {
        seed(script, parent, depth + 1);
      }
    }
    List<String> names = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (Column column : table.columns) {
      boolean parentReady =
          column.isForeignKey()
              && !column.references().equals(table.name)
              && model.tables.get(column.references()).rows > 0;
      if (column.isForeignKey()
          ? parentReady && (column.notNull() || random.nextBoolean())
          : column.required() || (!column.name().endsWith("_at") && random.nextInt(10) < 6)) {
        names.add(column.name());
        columns.add(column);
      }
    }
    if (columns.isEmpty()) {
      // every table has created_at and nothing renames it
      Column createdAt =
          table.columns.stream()
              .filter(c -> c.name().equals("created_at"))
              .findFirst()
              .orElseThrow();
      columns.add(createdAt);
      names.add(createdAt.name());
    }
    long from = table.rows + 1;
    boolean literal = depth == 0 && random.nextInt(4) == 0;
    int count = literal ? 3 + random.nextInt(30) : 10 + random.nextInt(190);
    if (literal) {
      StringJoiner rows = new StringJoiner(",\n    ", "\nVALUES\n    ", "");
      for (long g = from; g < from + count; g++) {
        StringJoiner row = new StringJoiner(", ", "(", ")");
        for (Column column : columns) {
          row.add(literal(column, g));
        }
        rows.add(row.toString());
      }
      script.statement("INSERT INTO " + table.name + " (" + String.join(", ", names) + ")" + rows);
    } else {
      StringJoiner select = new StringJoiner(",\n       ", "\nSELECT ", "");
      for (Column column : columns) {
        select.add(value(column, "g"));
      }
      script.statement(
          "INSERT INTO "
              + table.name
              + " ("
              + String.join(", ", names)
              + ")"
              + select
              + "\nFROM generate_series("
              + from
              + ", "
              + (from + count - 1)
              + ") AS g");
    }
    table.rows += count;
  }

  private String value(Column column, String g) {
    if (column.isForeignKey()) {
      Table parent = model.tables.get(column.references());
      // spreads children over the parents' rows; parents never lose rows, so OFFSET hits
      return "(SELECT id FROM "
          + parent.name
          + " ORDER BY id OFFSET ("
          + g
          + ") % "
          + parent.rows
          + " LIMIT 1)";
    }
    if (column.enumType() != null) {
      return column.enumType().value(g);
    }
    return column.kind().value(g);
  }

  private String literal(Column column, long g) {
    if (column.isForeignKey()) {
      return value(column, Long.toString(g));
    }
    return column.enumType() != null ? column.enumType().literal(g) : column.kind().literal(g);
  }

  private void backfill(SqlScript script, Table table) {
    List<Column> statuses = table.columnsOf(ColumnKind.STATUS);
    List<Column> flags = table.columnsOf(ColumnKind.FLAG);
    if (!statuses.isEmpty()) {
      String status = statuses.get(0).name();
      script.statement(
          "UPDATE "
              + table.name
              + "\n   SET "
              + status
              + " = 'active'\n WHERE "
              + status
              + " = 'draft'\n   AND created_at < now()");
    } else if (!flags.isEmpty()) {
      script.statement(
          "UPDATE "
              + table.name
              + " SET "
              + flags.get(0).name()
              + " = true WHERE id IN (SELECT id FROM "
              + table.name
              + " ORDER BY id LIMIT 5)");
    } else {
      script.statement("UPDATE " + table.name + " SET created_at = created_at WHERE false");
    }
  }

  // ------------------------------------------------------------------ helpers

  private String indexOn(Table table, String column) {
    return "CREATE INDEX "
        + model.reserve(table.name + "_" + column + "_idx")
        + " ON "
        + table.name
        + " ("
        + column
        + ")";
  }

  /** A secondary index that fits the table's columns, or null when nothing fits. */
  private String extraIndex(Table table) {
    List<Column> plain =
        table.columns.stream().filter(c -> !c.isForeignKey() && c.enumType() == null).toList();
    if (plain.isEmpty()) {
      return null;
    }
    Column column = plain.get(random.nextInt(plain.size()));
    String c = column.name();
    if (column.kind().ginIndexed()) {
      return "CREATE INDEX "
          + model.reserve(table.name + "_" + c + "_gin")
          + " ON "
          + table.name
          + " USING gin ("
          + c
          + ")";
    }
    if (column.kind() == ColumnKind.EMAIL && column.unique()) {
      return "CREATE UNIQUE INDEX "
          + model.reserve(table.name + "_lower_" + c + "_key")
          + " ON "
          + table.name
          + " (lower("
          + c
          + "))";
    }
    if (column.kind() == ColumnKind.STATUS && table.hasColumn("created_at")) {
      return "CREATE INDEX "
          + model.reserve(table.name + "_" + c + "_created_idx")
          + " ON "
          + table.name
          + " ("
          + c
          + ", created_at DESC)";
    }
    if (column.kind() == ColumnKind.FLAG) {
      return "CREATE INDEX "
          + model.reserve(table.name + "_" + c + "_partial_idx")
          + " ON "
          + table.name
          + " (id) WHERE "
          + c;
    }
    if (column.kind() == ColumnKind.TIMESTAMP && !c.equals("created_at")) {
      return "CREATE INDEX "
          + model.reserve(table.name + "_" + c + "_idx")
          + " ON "
          + table.name
          + " ("
          + c
          + ") WHERE "
          + c
          + " IS NOT NULL";
    }
    return indexOn(table, c);
  }

  /** Favours recent tables, as real migrations mostly touch what was built lately. */
  private Table recentTable() {
    List<Table> tables = model.appTables();
    int window = Math.min(tables.size(), 25);
    return random.nextInt(4) == 0
        ? tables.get(random.nextInt(tables.size()))
        : tables.get(tables.size() - 1 - random.nextInt(window));
  }

  /**
   * A free name from the kind's pool (starting at a random one), suffixed only when all are taken.
   */
  private String columnName(Table table, ColumnKind kind) {
    List<String> names = kind.names();
    int start = random.nextInt(names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get((start + i) % names.size());
      if (!table.hasColumn(name)) {
        return name;
      }
    }
    return freeColumn(table, names.get(start));
  }

  private static String freeColumn(Table table, String base) {
    String name = clip(base);
    for (int i = 2; table.hasColumn(name); i++) {
      name = clip(base + "_" + i);
    }
    return name;
  }

  private static void replace(Table table, Column old, Column replacement) {
    table.columns.set(table.columns.indexOf(old), replacement);
  }

  private static String clip(String identifier) {
    return identifier.length() <= SchemaModel.MAX_IDENTIFIER
        ? identifier
        : identifier.substring(0, SchemaModel.MAX_IDENTIFIER);
  }

  private String describe(Table table) {
    String noun = table.noun.replace('_', ' ');
    return switch (random.nextInt(4)) {
      case 0 -> "One row per " + noun + ".";
      case 1 ->
          "The "
              + noun
              + "s of the "
              + table.name.substring(0, table.name.indexOf('_'))
              + " module.";
      case 2 -> "Don''t delete rows here; " + noun + "s are soft-deleted.";
      default -> "Source of truth for " + noun + " data (synced nightly).";
    };
  }

  private String describe(Column column) {
    return switch (random.nextInt(3)) {
      case 0 -> "Set by the API; never by hand.";
      case 1 -> column.name().replace('_', ' ') + ", as shown to the customer";
      default -> "Nullable until the backfill job''s second pass; see ops runbook.";
    };
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
