package dev.strata.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class gets a fresh database of its own with the project's migrations applied, dropped
 * after its last test. A {@link StrataDatabase} parameter (of the constructor, a test or a
 * lifecycle method) is that database.
 *
 * <pre>{@code
 * @StrataTest
 * class OrderRepositoryTest {
 *   @Test
 *   void savesAnOrder(StrataDatabase db) throws SQLException {
 *     try (Connection c = db.connect()) { ... }
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(StrataExtension.class)
public @interface StrataTest {
  /**
   * Where the migrations are: {@code classpath:db/migrations} (the default, that is
   * src/main/resources/db/migrations) or {@code filesystem:path}; several are read as one set.
   */
  String[] locations() default {"classpath:db/migrations"};

  /**
   * The server the database is created on, as {@code postgresql://user:password@host:5432/db} (its
   * database is only used to create and drop the test's own). Empty: the {@code strata.test.url}
   * system property (Surefire's {@code systemPropertyVariables}), else the {@code STRATA_TEST_URL}
   * environment variable, else an embedded PostgreSQL started once for the whole run.
   */
  String url() default "";
}
