package dev.strata.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Generates the source database of the backup suite, server-side: the schema of a small shop (enum,
 * tables with the usual types, jsonb events, text and bytea documents, a wide table of numerics,
 * timestamps, intervals, arrays, uuids, inet, booleans), filled by {@code INSERT ... SELECT ...
 * FROM generate_series} in slices until {@code pg_database_size} reaches the target, then keys,
 * foreign keys, secondary indexes (btree, partial, expression, GIN on jsonb), a view and {@code
 * VACUUM ANALYZE}.
 *
 * <p>Every value derives from the row number through {@code hashint8extended(i, salt)} and {@code
 * md5}: no {@code random()}, so the content is the same on every run and on every machine, only the
 * number of slices depends on how the server stores it.
 */
final class BackupSource {

  /** The shop's own tables; {@code --tables} above this adds copies of them. */
  static final int SHOP_TABLES = 6;

  private static final List<String> SHOP =
      List.of("customers", "orders", "order_items", "events", "documents", "measurements");

  /** Written as the database comment; marks a database this class generated. */
  static final String MARKER = "strata bench backup source";

  /** Rows per slice; one slice is about 50 MiB of table data. */
  static final int CUSTOMERS = 10_000;

  static final int ORDERS = 60_000;
  static final int EVENTS = 50_000;
  static final int DOCUMENTS = 2_500;
  static final int MEASUREMENTS = 25_000;

  /** Never more than this, whatever the size says (a runaway guard: about 500 GiB). */
  private static final int MAX_SLICES = 10_000;

  private static final List<String> WORDS =
      List.of(
          "alpha",
          "amber",
          "anchor",
          "apple",
          "arrow",
          "autumn",
          "badge",
          "bakery",
          "balance",
          "banner",
          "basket",
          "beacon",
          "berry",
          "blossom",
          "border",
          "bottle",
          "bridge",
          "bright",
          "bronze",
          "bucket",
          "butter",
          "cabin",
          "cactus",
          "camera",
          "candle",
          "canyon",
          "carbon",
          "castle",
          "cedar",
          "chalk",
          "cherry",
          "circle",
          "citrus",
          "clover",
          "cobalt",
          "comet",
          "copper",
          "coral",
          "cotton",
          "crystal",
          "dancer",
          "delta",
          "desert",
          "dolphin",
          "dragon",
          "dune",
          "eagle",
          "echo",
          "ember",
          "engine",
          "falcon",
          "feather",
          "fern",
          "fiber",
          "field",
          "forest",
          "fossil",
          "fountain",
          "galaxy",
          "garden",
          "garnet",
          "ginger",
          "glacier",
          "granite",
          "harbor",
          "hazel",
          "helium",
          "heron",
          "horizon",
          "indigo",
          "island",
          "ivory",
          "jasmine",
          "jungle",
          "kernel",
          "kettle",
          "lagoon",
          "lantern",
          "lava",
          "lemon",
          "linen",
          "lotus",
          "magnet",
          "maple",
          "marble",
          "meadow",
          "melody",
          "meteor",
          "mirror",
          "monsoon",
          "mosaic",
          "nectar",
          "nebula",
          "nickel",
          "oasis",
          "ocean",
          "olive",
          "onyx",
          "orbit",
          "orchid",
          "paper",
          "pebble",
          "pepper",
          "planet",
          "plaza",
          "pollen",
          "prairie",
          "prism",
          "pulse",
          "quartz",
          "quill",
          "radar",
          "rain",
          "raven",
          "reef",
          "ribbon",
          "river",
          "rocket",
          "saffron",
          "salt",
          "sapphire",
          "shadow",
          "signal",
          "silver",
          "sketch",
          "spark",
          "spice",
          "spring",
          "spruce",
          "stone",
          "summit",
          "sunset",
          "tango",
          "thunder",
          "timber",
          "topaz",
          "tundra",
          "tulip",
          "umber",
          "valley",
          "velvet",
          "violet",
          "voyage",
          "walnut",
          "willow",
          "window",
          "winter",
          "zephyr",
          "zinc",
          "order",
          "invoice",
          "customer",
          "delivery",
          "payment",
          "refund",
          "account",
          "report",
          "update",
          "shipment",
          "warehouse",
          "product");

  private static final String SCHEMA =
      """
      CREATE TYPE order_status AS ENUM
        ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded');
      CREATE TABLE customers (
        id bigint NOT NULL,
        email text NOT NULL,
        full_name text NOT NULL,
        country char(2) NOT NULL,
        city text,
        created_at timestamptz NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        credit_limit numeric(12, 2),
        tags text[]
      );
      CREATE TABLE orders (
        id bigint NOT NULL,
        customer_id bigint NOT NULL,
        status order_status NOT NULL DEFAULT 'pending',
        ordered_at timestamptz NOT NULL,
        shipped_at timestamptz,
        total numeric(14, 2) NOT NULL CHECK (total >= 0),
        currency char(3) NOT NULL,
        shipping_address text,
        note text
      );
      CREATE TABLE order_items (
        order_id bigint NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price numeric(10, 2) NOT NULL,
        discount real
      );
      CREATE TABLE events (
        id bigserial NOT NULL,
        customer_id bigint,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL
      );
      CREATE TABLE documents (
        id bigint GENERATED BY DEFAULT AS IDENTITY,
        customer_id bigint NOT NULL,
        title text NOT NULL,
        mime_type text NOT NULL,
        body text NOT NULL,
        attachment bytea,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE measurements (
        id uuid NOT NULL,
        device_id integer NOT NULL,
        taken_at timestamptz NOT NULL,
        taken_on date NOT NULL,
        duration interval NOT NULL,
        reading numeric(18, 6) NOT NULL,
        ratio double precision,
        level smallint CHECK (level BETWEEN -16000 AND 16000),
        ok boolean NOT NULL,
        samples integer[] NOT NULL,
        labels text[],
        source_ip inet,
        notes varchar(200)
      );
      COMMENT ON TABLE events IS 'click stream; payload is free-form jsonb';
      """;

  private static final List<String> FINISH =
      List.of(
          "ALTER TABLE customers ADD PRIMARY KEY (id)",
          "ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email)",
          "ALTER TABLE orders ADD PRIMARY KEY (id)",
          "ALTER TABLE order_items ADD PRIMARY KEY (order_id, line_no)",
          "ALTER TABLE events ADD PRIMARY KEY (id)",
          "ALTER TABLE documents ADD PRIMARY KEY (id)",
          "ALTER TABLE measurements ADD PRIMARY KEY (id)",
          "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk"
              + " FOREIGN KEY (customer_id) REFERENCES customers (id)",
          "ALTER TABLE order_items ADD CONSTRAINT order_items_order_fk"
              + " FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE",
          "ALTER TABLE events ADD CONSTRAINT events_customer_fk"
              + " FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL",
          "ALTER TABLE documents ADD CONSTRAINT documents_customer_fk"
              + " FOREIGN KEY (customer_id) REFERENCES customers (id)",
          "CREATE INDEX customers_lower_name_idx ON customers (lower(full_name))",
          "CREATE INDEX orders_customer_idx ON orders (customer_id)",
          "CREATE INDEX orders_ordered_at_idx ON orders (ordered_at)",
          "CREATE INDEX orders_pending_idx ON orders (ordered_at) WHERE status = 'pending'",
          "CREATE INDEX order_items_sku_idx ON order_items (sku)",
          "CREATE INDEX events_customer_idx ON events (customer_id, occurred_at)",
          "CREATE INDEX events_payload_idx ON events USING gin (payload jsonb_path_ops)",
          "CREATE INDEX documents_customer_idx ON documents (customer_id, created_at)",
          "CREATE INDEX measurements_device_idx ON measurements (device_id, taken_at)",
          "SELECT setval(pg_get_serial_sequence('documents', 'id'), max(id)) FROM documents",
          """
          CREATE VIEW customer_order_totals AS
            SELECT c.id, c.email, count(o.id) AS orders, coalesce(sum(o.total), 0) AS total
            FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
            GROUP BY c.id, c.email""");

  /** What the generation produced, for the report. */
  record Generated(int slices, long dataBytes, long totalBytes, double seconds) {}

  private BackupSource() {}

  /** Creates {@code database} with the shop only and fills it; progress goes to {@code out}. */
  static Generated generate(
      AdminDb admin, PgServer server, String database, long targetBytes, PrintStream out)
      throws SQLException {
    return generate(admin, server, database, targetBytes, SHOP_TABLES, out);
  }

  /**
   * Creates {@code database} with {@code tables} tables and fills it: the shop, then (above {@link
   * #SHOP_TABLES}) copies of its tables in schema {@code extra}, each with the shop table's
   * columns, defaults, checks, keys and indexes, holding a repeatable sample of its rows; the
   * copies of one table hold about as many rows as it does, so the shop gets half of {@code
   * targetBytes}.
   */
  static Generated generate(
      AdminDb admin,
      PgServer server,
      String database,
      long targetBytes,
      int tables,
      PrintStream out)
      throws SQLException {
    if (tables > SHOP_TABLES) targetBytes /= 2;
    long start = System.nanoTime();
    admin.createFromTemplate0(database);
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(database));
        Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = off");
      st.execute("SET maintenance_work_mem = '256MB'");
      st.execute(SCHEMA);
      int slice = 0;
      long size = 0;
      while (size < targetBytes && slice < MAX_SLICES) {
        for (String sql : slice(slice)) {
          st.execute(sql);
        }
        slice++;
        size = databaseSize(st);
        if (slice == 1 || slice % 5 == 0 || size >= targetBytes) {
          out.printf(
              Locale.ROOT,
              "  slice %3d: %7.1f of %.1f MiB table data, %5.1f s%n",
              slice,
              size / 1048576.0,
              targetBytes / 1048576.0,
              seconds(start));
        }
      }
      long dataBytes = size;
      out.printf(
          Locale.ROOT, "  keys, foreign keys, indexes, view (%.1f s so far)...%n", seconds(start));
      for (String sql : FINISH) {
        st.execute(sql);
      }
      copies(st, tables - SHOP_TABLES, out, start);
      st.execute(
          "COMMENT ON DATABASE "
              + quoted(database)
              + " IS '"
              + MARKER
              + String.format(
                  Locale.ROOT,
                  ", %d slices, %d bytes of table data, %d tables'",
                  slice,
                  dataBytes,
                  Math.max(tables, SHOP_TABLES)));
      out.printf(Locale.ROOT, "  VACUUM ANALYZE (%.1f s so far)...%n", seconds(start));
      st.execute("VACUUM ANALYZE");
      long total = databaseSize(st);
      return new Generated(slice, dataBytes, total, seconds(start));
    }
  }

  private static void copies(Statement st, int count, PrintStream out, long start)
      throws SQLException {
    if (count <= 0) return;
    out.printf(
        Locale.ROOT,
        "  %d more tables in schema extra (%.1f s so far)...%n",
        count,
        seconds(start));
    st.execute("CREATE SCHEMA extra");
    int perTable = (count + SHOP.size() - 1) / SHOP.size();
    String percent = String.format(Locale.ROOT, "%.4f", 100.0 / perTable);
    for (int k = 0; k < count; k++) {
      String from = SHOP.get(k % SHOP.size());
      String name = String.format(Locale.ROOT, "extra.%s_%03d", from, k / SHOP.size() + 1);
      st.execute("CREATE TABLE " + name + " (LIKE public." + from + " INCLUDING ALL)");
      st.execute(
          "INSERT INTO "
              + name
              + " SELECT * FROM public."
              + from
              + " TABLESAMPLE SYSTEM ("
              + percent
              + ") REPEATABLE ("
              + k
              + ")");
    }
  }

  static long databaseSize(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The INSERTs of slice {@code s} (0-based): ids {@code s*N+1 .. (s+1)*N} of every table. */
  static List<String> slice(int s) {
    String words =
        WORDS.stream().map(w -> "'" + w + "'").collect(Collectors.joining(",", "ARRAY[", "]"));
    String with =
        "WITH w AS MATERIALIZED (SELECT "
            + words
            + "::text[] AS a, enum_range(NULL::order_status) AS st) ";
    int n = WORDS.size();
    long maxCustomer = (long) (s + 1) * CUSTOMERS;
    String customers =
        with
            + "INSERT INTO customers (id, email, full_name, country, city, created_at, is_active,"
            + " credit_limit, tags) SELECT i,"
            + " 'user' || i || '@' || (ARRAY['example.com','mail.test','corp.example','shop.test'])[1 + "
            + pick("i", 1, 4)
            + "],"
            + " initcap("
            + word("i", 2, n)
            + ") || ' ' || initcap("
            + word("i", 3, n)
            + ") || 'son',"
            + " (ARRAY['US','DE','FR','GB','NL','SE','ES','IT','PL','JP','BR','CA'])[1 + "
            + pick("i", 4, 12)
            + "],"
            + " initcap("
            + word("i", 5, n)
            + ") || (ARRAY[' City',' Town','burg','ville'])[1 + "
            + pick("i", 6, 4)
            + "],"
            + " timestamptz '2018-01-01 00:00:00+00' + "
            + pick("i", 7, 200_000_000)
            + " * interval '1 second',"
            + pick("i", 8, 10)
            + " <> 0,"
            + " CASE WHEN "
            + pick("i", 9, 5)
            + " = 0 THEN NULL ELSE round("
            + pick("i", 10, 1_000_000)
            + " / 100.0, 2) END,"
            + " ARRAY["
            + word("i", 11, n)
            + ", "
            + word("i", 12, n)
            + "]"
            + range("i", s, CUSTOMERS);
    String time = "timestamptz '2019-01-01 00:00:00+00' + " + pick("i", 28, 190_000_000);
    String orders =
        with
            + "INSERT INTO orders (id, customer_id, status, ordered_at, shipped_at, total, currency,"
            + " shipping_address, note) SELECT i, 1 + "
            + pick("i", 20, maxCustomer)
            + ", w.st[1 + "
            + pick("i", 21, 6)
            + "], "
            + time
            + " * interval '1 second',"
            + " CASE WHEN "
            + pick("i", 22, 3)
            + " = 0 THEN NULL ELSE "
            + time
            + " * interval '1 second' + "
            + pick("i", 23, 864_000)
            + " * interval '1 second' END,"
            + " round("
            + pick("i", 24, 5_000_000)
            + " / 100.0, 2),"
            + " (ARRAY['USD','EUR','GBP','SEK'])[1 + "
            + pick("i", 25, 4)
            + "],"
            + " (1 + "
            + pick("i", 26, 9999)
            + ") || ' ' || initcap("
            + word("i", 27, n)
            + ") || ' Street, ' || initcap("
            + word("i", 29, n)
            + "),"
            + " CASE WHEN "
            + pick("i", 30, 4)
            + " = 0 THEN "
            + word("i", 31, n)
            + " || ' ' || "
            + word("i", 32, n)
            + " || ' ' || "
            + word("i", 33, n)
            + " END"
            + range("i", s, ORDERS);
    String line = "(o * 8 + l)";
    String items =
        "INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price, discount)"
            + " SELECT o, l::integer, 'SKU-' || lpad("
            + pick(line, 40, 50_000)
            + "::text, 6, '0'), 1 + "
            + pick(line, 41, 5)
            + "::integer, round((99 + "
            + pick(line, 42, 99_900)
            + ") / 100.0, 2),"
            + " CASE WHEN "
            + pick(line, 43, 4)
            + " = 0 THEN ("
            + pick(line, 44, 30)
            + " / 100.0)::real END"
            + " FROM generate_series("
            + ((long) s * ORDERS + 1)
            + "::bigint, "
            + ((long) (s + 1) * ORDERS)
            + "::bigint) o, LATERAL generate_series(1::bigint, 1 + "
            + pick("o", 45, 6)
            + ") l";
    String events =
        with
            + "INSERT INTO events (customer_id, kind, occurred_at, payload) SELECT"
            + " CASE WHEN "
            + pick("i", 50, 10)
            + " = 0 THEN NULL ELSE 1 + "
            + pick("i", 51, maxCustomer)
            + " END,"
            + " (ARRAY['page_view','click','signup','purchase','logout','search'])[1 + "
            + pick("i", 52, 6)
            + "],"
            + " timestamptz '2021-01-01 00:00:00+00' + "
            + pick("i", 53, 100_000_000)
            + " * interval '1 second',"
            + " jsonb_build_object("
            + "'session', md5(i::text || 's'),"
            + " 'page', '/' || "
            + word("i", 54, n)
            + " || '/' || "
            + word("i", 55, n)
            + ","
            + " 'referrer', CASE WHEN "
            + pick("i", 56, 3)
            + " = 0 THEN 'https://' || "
            + word("i", 57, n)
            + " || '.example/' END,"
            + " 'duration_ms', "
            + pick("i", 58, 60_000)
            + ","
            + " 'ok', "
            + pick("i", 59, 20)
            + " <> 0,"
            + " 'score', round("
            + pick("i", 60, 100_000)
            + " / 1000.0, 3),"
            + " 'tags', jsonb_build_array("
            + word("i", 61, n)
            + ", "
            + word("i", 62, n)
            + "),"
            + " 'device', jsonb_build_object('os', (ARRAY['linux','macos','windows','ios','android'])[1 + "
            + pick("i", 63, 5)
            + "], 'version', "
            + pick("i", 64, 20)
            + " || '.' || "
            + pick("i", 65, 10)
            + "))"
            + range("i", s, EVENTS);
    String documents =
        with
            + "INSERT INTO documents (id, customer_id, title, mime_type, body, attachment, created_at)"
            + " SELECT i, 1 + "
            + pick("i", 70, maxCustomer)
            + ", initcap("
            + word("i", 71, n)
            + ") || ' ' || "
            + word("i", 72, n)
            + " || ' ' || "
            + word("i", 73, n)
            + ", (ARRAY['text/plain','text/markdown','application/pdf','image/png'])[1 + "
            + pick("i", 74, 4)
            + "],"
            + " (SELECT string_agg("
            + word("(i * 1024 + k)", 75, n)
            + ", CASE WHEN "
            + pick("(i * 1024 + k)", 76, 12)
            + " = 0 THEN E'.\\n' ELSE ' ' END) FROM generate_series(1::bigint, 150 + "
            + pick("i", 77, 600)
            + ") k),"
            + " CASE WHEN "
            + pick("i", 78, 3)
            + " = 0 THEN NULL ELSE (SELECT decode(string_agg(md5(i::text || ':' || k), ''), 'hex')"
            + " FROM generate_series(1::bigint, 16 + "
            + pick("i", 79, 96)
            + ") k) END,"
            + " timestamptz '2017-06-01 00:00:00+00' + "
            + pick("i", 80, 250_000_000)
            + " * interval '1 second'"
            + range("i", s, DOCUMENTS);
    String t =
        "(timestamptz '2022-01-01 00:00:00+00' + "
            + pick("i", 81, 60_000_000)
            + " * interval '1 second')";
    StringBuilder samples = new StringBuilder("ARRAY[");
    for (int k = 0; k < 8; k++) {
      samples.append(k == 0 ? "" : ", ").append(pick("i", 100 + k, 1000)).append("::integer");
    }
    samples.append(']');
    String measurements =
        with
            + "INSERT INTO measurements (id, device_id, taken_at, taken_on, duration, reading, ratio,"
            + " level, ok, samples, labels, source_ip, notes) SELECT md5(i::text || 'm')::uuid, 1 + "
            + pick("i", 82, 5000)
            + "::integer, "
            + t
            + ", ("
            + t
            + " AT TIME ZONE 'UTC')::date,"
            + " make_interval(days => "
            + pick("i", 83, 3)
            + "::integer, secs => "
            + pick("i", 84, 86_400_000)
            + " / 1000.0::float8),"
            + " round("
            + pick("i", 85, 2_000_000_000)
            + " / 1000.0 + "
            + pick("i", 99, 1000)
            + " / 1000000.0 - 1000000, 6),"
            + " ("
            + pick("i", 86, 1_000_000)
            + " / 1000000.0)::float8,"
            + " ("
            + pick("i", 87, 32_000)
            + " - 16000)::smallint,"
            + pick("i", 88, 50)
            + " <> 0, "
            + samples
            + ", CASE WHEN "
            + pick("i", 89, 4)
            + " = 0 THEN NULL ELSE ARRAY["
            + word("i", 90, n)
            + ", "
            + word("i", 91, n)
            + ", "
            + word("i", 92, n)
            + "] END,"
            + " ('10.' || "
            + pick("i", 93, 256)
            + " || '.' || "
            + pick("i", 94, 256)
            + " || '.' || "
            + pick("i", 95, 256)
            + ")::inet,"
            + " CASE WHEN "
            + pick("i", 96, 3)
            + " = 0 THEN "
            + word("i", 97, n)
            + " || ' ' || "
            + word("i", 98, n)
            + " END"
            + range("i", s, MEASUREMENTS);
    return List.of(customers, orders, items, events, documents, measurements);
  }

  /** A deterministic pseudo-random number in {@code [0, n)} from the row number {@code x}. */
  static String pick(String x, int salt, long n) {
    return "((hashint8extended(" + x + ", " + salt + ") & 2147483647) % " + n + ")";
  }

  private static String word(String x, int salt, int n) {
    return "w.a[1 + " + pick(x, salt, n) + "]";
  }

  private static String range(String column, int s, int perSlice) {
    return " FROM w, generate_series("
        + ((long) s * perSlice + 1)
        + "::bigint, "
        + ((long) (s + 1) * perSlice)
        + "::bigint) "
        + column;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
