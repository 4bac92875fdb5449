package dev.strata.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency direction of DESIGN.md §4: cli → dialects → core, never back. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.strata");
  }

  @Test
  void coreKnowsNoDialectNoCliAndNoDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.strata.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.strata.postgres..",
            "dev.strata.mysql..",
            "dev.strata.cli..",
            "org.postgresql..",
            "org.mariadb..",
            "picocli..",
            "io.zonky..",
            "java.sql..")
        .check(classes);
  }

  @Test
  void dialectsDoNotKnowTheCli() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.strata.postgres..", "dev.strata.mysql..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.strata.cli..", "picocli..")
        .check(classes);
  }

  /**
   * The embedded server's binaries are an artifact of their own that a library user may leave out.
   */
  @Test
  void onlyTheEmbeddedArtifactKnowsTheEmbeddedServer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.strata.embedded..", "dev.strata.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.zonky..", "dev.strata.embedded..")
        .check(classes);
  }

  @Test
  void cliDoesNotReachIntoADialect() {
    noClasses()
        .that()
        .resideInAPackage("dev.strata.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.strata.postgres..",
            "dev.strata.mysql..",
            "org.postgresql..",
            "org.mariadb..",
            "java.sql..")
        .check(classes);
  }
}
