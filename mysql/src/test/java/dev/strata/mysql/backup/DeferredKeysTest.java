package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.sql.SqlStatement;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys a restore builds after the rows; the server's side is in MysqlBackupTest. */
class DeferredKeysTest {
  private static final String CUSTOMERS =
      """
      CREATE TABLE `customers` (
        `id` bigint(20) NOT NULL,
        `email` varchar(191) NOT NULL,
        `name` varchar(120) DEFAULT NULL,
        PRIMARY KEY (`id`),
        UNIQUE KEY `name` (`name`),
        KEY `email` (`email`),
        KEY `both` (`name`(10),`email`) COMMENT 'a, b'
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""";

  @Test
  void plainKeysComeOutAndAreAddedInTheirOrder() {
    DeferredKeys split = DeferredKeys.split(CUSTOMERS + ";").orElseThrow();
    assertThat(split.table()).isEqualTo("`customers`");
    assertThat(split.keys())
        .containsExactly("KEY `email` (`email`)", "KEY `both` (`name`(10),`email`) COMMENT 'a, b'");
    assertThat(split.create())
        .isEqualTo(
            """
            CREATE TABLE `customers` (
              `id` bigint(20) NOT NULL,
              `email` varchar(191) NOT NULL,
              `name` varchar(120) DEFAULT NULL,
              PRIMARY KEY (`id`),
              UNIQUE KEY `name` (`name`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""");
    assertThat(split.alter())
        .isEqualTo(
            "ALTER TABLE `customers` ADD KEY `email` (`email`), ADD KEY `both` (`name`(10),`email`)"
                + " COMMENT 'a, b'");
  }

  @Test
  void aKeyServingAForeignKeyStaysAndSoDoTheKeysBeforeIt() {
    String create =
        """
        CREATE TABLE `orders` (
          `id` bigint(20) NOT NULL,
          `customer_id` bigint(20) NOT NULL,
          `note` text DEFAULT NULL,
          `placed` date DEFAULT NULL,
          PRIMARY KEY (`id`),
          KEY `placed` (`placed`),
          KEY `by_customer` (`customer_id`,`placed`),
          KEY `late` (`placed`,`id`),
          FULLTEXT KEY `note` (`note`),
          CONSTRAINT `fk` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";
    DeferredKeys split = DeferredKeys.split(create).orElseThrow();
    assertThat(split.keys()).containsExactly("KEY `late` (`placed`,`id`)");
    assertThat(split.create())
        .contains("KEY `placed` (`placed`),\n  KEY `by_customer`")
        .contains("FULLTEXT KEY `note` (`note`),\n  CONSTRAINT `fk`")
        .doesNotContain("`late`");
  }

  @Test
  void tablesNotInTheServersFormAreLeftAsTheyAre() {
    assertThat(DeferredKeys.split(CUSTOMERS.replace("InnoDB", "MyISAM"))).isEmpty();
    assertThat(DeferredKeys.split(CUSTOMERS + "\nPARTITION BY HASH (`id`) PARTITIONS 4")).isEmpty();
    assertThat(DeferredKeys.split("CREATE TABLE t (id int primary key, a int, key (a))")).isEmpty();
    assertThat(DeferredKeys.split(CUSTOMERS.replace("\n", "\r\n"))).isEmpty();
    // A key on an expression (MySQL 8) is not understood: it and the keys before it stay.
    assertThat(
            DeferredKeys.split(
                CUSTOMERS.replace(
                    "COMMENT 'a, b'\n", "COMMENT 'a, b',\n  KEY `lower` ((lower(`email`)))\n")))
        .isEmpty();
    // Only unique and primary keys: nothing to move.
    assertThat(
            DeferredKeys.split(
                CUSTOMERS.replace(
                    ",\n  KEY `email` (`email`),\n  KEY `both` (`name`(10),`email`) COMMENT 'a, b'",
                    "")))
        .isEmpty();
  }

  /** The restore splits the statement as its reader hands it over, comments before it included. */
  @Test
  void aStatementAsTheDumpReaderGivesIt() throws Exception {
    String dump =
        "-- strata:table customers\nDROP TABLE IF EXISTS `customers`;\n"
            + CUSTOMERS
            + ";\n\n-- strata:rows\n";
    DumpStatements statements = new DumpStatements(new BufferedReader(new StringReader(dump)));
    List<SqlStatement> all = new ArrayList<>();
    for (SqlStatement s; (s = statements.next()) != null; ) all.add(s);
    SqlStatement create =
        all.stream().filter(s -> s.startsWith("CREATE", "TABLE")).findFirst().orElseThrow();
    assertThat(DeferredKeys.split(create.text())).isPresent();
    assertThat(all.get(0).text()).startsWith("DROP TABLE");
  }
}
