package dev.strata.postgres.review;

import static dev.strata.postgres.review.Reviewed.check;
import static dev.strata.postgres.review.Reviewed.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules about locks on tables the application is using. */
class StaticRulesTest {
  static final String TIMEOUT = "SET lock_timeout = '5s';\n";
  static final String TICKETS = "public.tickets";

  @TempDir Path dir;

  @Nested
  class IndexNotConcurrent {
    static final String CODE = "index-not-concurrent";

    @Test
    void plainCreateIndexOnExistingTableIsAnError() {
      List<Finding> findings =
          check(
              dir,
              TIMEOUT + "CREATE INDEX IF NOT EXISTS tickets_status_idx ON tickets (status);",
              TICKETS);

      assertThat(findings)
          .extracting(
              Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  CODE,
                  Level.ERROR,
                  Concern.LOCKS,
                  2,
                  "CREATE INDEX tickets_status_idx on existing table tickets without CONCURRENTLY"));
      assertThat(findings.get(0).fix())
          .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS tickets_status_idx ON tickets");
      assertThat(findings.get(0).evidence()).isEqualTo(Finding.Evidence.STATIC);
    }

    @Test
    void uniqueIndexOnQualifiedTableIsAnError() {
      List<Finding> findings =
          check(
              dir,
              TIMEOUT
                  + "\n\nCREATE UNIQUE INDEX tickets_number_key\n  ON ONLY public.tickets USING btree (number);",
              TICKETS);

      assertThat(only(CODE, findings))
          .extracting(Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  4,
                  "CREATE UNIQUE INDEX tickets_number_key on existing table public.tickets without CONCURRENTLY"));
    }

    @Test
    void concurrentlyInItsOwnMigrationIsSafe() {
      assertThat(
              check(
                  dir,
                  TIMEOUT
                      + "CREATE INDEX CONCURRENTLY IF NOT EXISTS tickets_status_idx ON tickets (status);",
                  TICKETS))
          .isEmpty();
    }

    @Test
    void indexOnTableCreatedEarlierInTheMigrationIsSafe() {
      String sql =
          TIMEOUT
              + "CREATE TABLE IF NOT EXISTS labels (id int);\n"
              + "CREATE INDEX IF NOT EXISTS labels_id_idx ON labels (id);";
      assertThat(check(dir, sql, TICKETS)).isEmpty();
      assertThat(check(dir, sql, TICKETS, "public.labels"))
          .extracting(Finding::code)
          .containsExactly(CODE);
    }

    @Test
    void freshDatabaseHasNoTableInUse() {
      assertThat(only(CODE, check(dir, "CREATE INDEX i ON tickets (status);"))).isEmpty();
    }

    @Test
    void addingUniqueConstraintBuildsItsIndexUnderTheLock() {
      List<Finding> findings =
          check(
              dir,
              TIMEOUT + "ALTER TABLE tickets ADD CONSTRAINT tickets_number_key UNIQUE (number);",
              TICKETS);
      assertThat(only(CODE, findings)).extracting(Finding::line).containsExactly(2);

      String rewrite =
          TIMEOUT
              + "ALTER TABLE tickets ADD CONSTRAINT tickets_number_key UNIQUE USING INDEX tickets_number_key;";
      assertThat(only(CODE, check(dir, rewrite, TICKETS))).isEmpty();
    }
  }

  @Nested
  class ConstraintNotValid {
    static final String CODE = "constraint-not-valid";

    @Test
    void foreignKeyWithoutNotValidIsAnError() {
      List<Finding> findings =
          check(
              dir,
              TIMEOUT
                  + "ALTER TABLE tickets\n"
                  + "  ADD CONSTRAINT tickets_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);",
              TICKETS);

      assertThat(only(CODE, findings))
          .extracting(Finding::level, Finding::concern, Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  Level.ERROR,
                  Concern.LOCKS,
                  2,
                  "ALTER TABLE tickets ADD CONSTRAINT tickets_org_fkey FOREIGN KEY on existing table tickets without NOT VALID"));
    }

    @Test
    void checkWithNotInsideItsExpressionIsStillAnError() {
      // NOT valid inside the parentheses is the expression, not the NOT VALID clause.
      List<Finding> findings =
          check(dir, TIMEOUT + "ALTER TABLE tickets ADD CHECK (NOT valid);", TICKETS);
      assertThat(only(CODE, findings)).extracting(Finding::line).containsExactly(2);
    }

    @Test
    void notValidThenValidateIsSafe() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD CONSTRAINT tickets_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\n"
              + "ALTER TABLE tickets ADD CONSTRAINT tickets_n CHECK (n > 0) NOT VALID;\n"
              + "ALTER TABLE tickets VALIDATE CONSTRAINT tickets_org_fkey;";
      assertThat(only(CODE, check(dir, sql, TICKETS))).isEmpty();
    }

    @Test
    void referencesOnNewColumnOrNewTableIsSafe() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS org_id bigint REFERENCES orgs (id);\n"
              + "CREATE TABLE IF NOT EXISTS notes (ticket_id bigint REFERENCES tickets (id), CHECK (ticket_id > 0));";
      assertThat(check(dir, sql, TICKETS)).isEmpty();
    }
  }

  @Nested
  class SetNotNull {
    static final String CODE = "set-not-null";

    @Test
    void setNotNullOnExistingTableIsAnError() {
      List<Finding> findings =
          check(dir, TIMEOUT + "ALTER TABLE tickets ALTER COLUMN status SET NOT NULL;", TICKETS);
      assertThat(findings)
          .extracting(Finding::code, Finding::level, Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  CODE,
                  Level.ERROR,
                  2,
                  "ALTER TABLE tickets ALTER COLUMN status SET NOT NULL on existing table tickets"));
      assertThat(findings.get(0).fix()).contains("CHECK (status IS NOT NULL) NOT VALID");
    }

    @Test
    void quotedNamesAreKeptAsTheServerStoresThem() {
      List<Finding> findings =
          check(
              dir,
              TIMEOUT + "ALTER TABLE \"Ticket Tags\" ALTER \"Tag Name\" SET NOT NULL;",
              "public.Ticket Tags");
      assertThat(only(CODE, findings))
          .extracting(Finding::summary)
          .containsExactly(
              "ALTER TABLE \"Ticket Tags\" ALTER COLUMN \"Tag Name\" SET NOT NULL on existing table \"Ticket Tags\"");
      // Unquoted, the name folds to lower case: a different table.
      assertThat(
              check(
                  dir,
                  TIMEOUT + "ALTER TABLE ticket_tags ALTER name SET NOT NULL;",
                  "public.Ticket Tags"))
          .isEmpty();
    }

    @Test
    void validatedCheckConstraintFirstIsSafe() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD CONSTRAINT status_not_null CHECK (status IS NOT NULL) NOT VALID;\n"
              + "ALTER TABLE tickets VALIDATE CONSTRAINT status_not_null;\n"
              + "ALTER TABLE tickets ALTER COLUMN status SET NOT NULL;\n"
              + "ALTER TABLE tickets DROP CONSTRAINT IF EXISTS status_not_null;";
      assertThat(check(dir, sql, TICKETS)).isEmpty();
    }
  }

  @Nested
  class VolatileDefault {
    static final String CODE = "volatile-default";

    @Test
    void volatileFunctionDefaultIsAnError() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS token uuid NOT NULL DEFAULT gen_random_uuid();\n"
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS seen timestamptz DEFAULT clock_timestamp() NOT NULL,\n"
              + "  ADD COLUMN IF NOT EXISTS legacy uuid DEFAULT public.uuid_generate_v4();";
      assertThat(only(CODE, check(dir, sql, TICKETS)))
          .extracting(Finding::level, Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  Level.ERROR,
                  2,
                  "ALTER TABLE tickets ADD COLUMN token with volatile DEFAULT gen_random_uuid() rewrites existing table tickets"),
              tuple(
                  Level.ERROR,
                  3,
                  "ALTER TABLE tickets ADD COLUMN seen with volatile DEFAULT clock_timestamp() rewrites existing table tickets"),
              tuple(
                  Level.ERROR,
                  3,
                  "ALTER TABLE tickets ADD COLUMN legacy with volatile DEFAULT public.uuid_generate_v4() rewrites existing table tickets"));
    }

    @Test
    void storedGeneratedSerialAndIdentityColumnsAreErrors() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS subject_lower text GENERATED ALWAYS AS (lower(subject)) STORED;\n"
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS n bigserial;\n"
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS m bigint GENERATED BY DEFAULT AS IDENTITY;";
      assertThat(only(CODE, check(dir, sql, TICKETS)))
          .extracting(Finding::line)
          .containsExactly(2, 3, 4);
    }

    @Test
    void constantAndStableDefaultsRewriteNothing() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS a timestamptz DEFAULT now(),\n"
              + "  ADD COLUMN IF NOT EXISTS b timestamptz DEFAULT CURRENT_TIMESTAMP,\n"
              + "  ADD COLUMN IF NOT EXISTS c timestamptz DEFAULT statement_timestamp(),\n"
              + "  ADD COLUMN IF NOT EXISTS d text NOT NULL DEFAULT 'random()',\n"
              + "  ADD COLUMN IF NOT EXISTS e text GENERATED ALWAYS AS (lower(subject)) VIRTUAL;";
      assertThat(check(dir, sql, TICKETS)).isEmpty();
    }

    @Test
    void defaultSetAfterAddingTheColumnIsSafe() {
      String sql =
          TIMEOUT
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS token uuid;\n"
              + "ALTER TABLE tickets ALTER COLUMN token SET DEFAULT gen_random_uuid();";
      assertThat(check(dir, sql, TICKETS)).isEmpty();
    }

    @Test
    void volatileDefaultOnNewTableIsSafe() {
      assertThat(
              check(
                  dir,
                  TIMEOUT
                      + "CREATE TABLE IF NOT EXISTS files (id uuid PRIMARY KEY DEFAULT gen_random_uuid());",
                  TICKETS))
          .isEmpty();
    }
  }

  @Nested
  class LockTimeoutMissing {
    static final String CODE = "lock-timeout-missing";

    @Test
    void firstLockWithoutTimeoutIsAWarning() {
      String sql =
          "-- add a note column\n"
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS note text;\n"
              + "DROP TRIGGER IF EXISTS t_audit ON tickets;";
      assertThat(check(dir, sql, TICKETS))
          .extracting(
              Finding::code, Finding::level, Finding::concern, Finding::line, Finding::summary)
          .containsExactly(
              tuple(
                  CODE,
                  Level.WARNING,
                  Concern.LOCKS,
                  2,
                  "ALTER TABLE on existing table tickets waits for its lock with no lock_timeout set"));
    }

    @Test
    void timeoutSetTooLateOrToZeroDoesNotCount() {
      String late =
          "CREATE TRIGGER t_audit AFTER UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION f();\n"
              + TIMEOUT;
      assertThat(only(CODE, check(dir, late, TICKETS)))
          .extracting(Finding::line)
          .containsExactly(1);
      String zero = "SET lock_timeout TO 0;\nLOCK TABLE tickets IN SHARE MODE;";
      assertThat(only(CODE, check(dir, zero, TICKETS)))
          .extracting(Finding::line)
          .containsExactly(2);
      String reset = TIMEOUT + "RESET lock_timeout;\nTRUNCATE tickets;";
      assertThat(only(CODE, check(dir, reset, TICKETS)))
          .extracting(Finding::line)
          .containsExactly(3);
    }

    @Test
    void setLocalOutsideATransactionHasNoEffect() {
      // CONCURRENTLY makes the migration run statement by statement, so SET LOCAL holds for
      // nothing.
      String sql =
          "SET LOCAL lock_timeout = '5s';\n"
              + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON tickets (a);\n"
              + "ALTER TABLE tickets VALIDATE CONSTRAINT c;";
      assertThat(only(CODE, check(dir, sql, TICKETS))).extracting(Finding::line).containsExactly(3);
      String transactional =
          "SET LOCAL lock_timeout = '5s';\nALTER TABLE tickets VALIDATE CONSTRAINT c;";
      assertThat(check(dir, transactional, TICKETS)).isEmpty();
    }

    @Test
    void timeoutFirstIsSafe() {
      String sql =
          "SET SESSION lock_timeout = '2s';\n"
              + "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS note text;\n"
              + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON tickets (a);";
      assertThat(only(CODE, check(dir, sql, TICKETS))).isEmpty();
    }

    @Test
    void freshDatabaseHasNoTableInUse() {
      assertThat(check(dir, "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS note text;")).isEmpty();
    }
  }
}
