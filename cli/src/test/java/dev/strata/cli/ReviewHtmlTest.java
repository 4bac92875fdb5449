package dev.strata.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Finding.Evidence;
import dev.strata.core.review.Level;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.MigrationReview;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's HTML page: self-contained, escaped, and parsed and drawn by a real browser (headless
 * Chromium, skipped on a laptop without it, required on CI).
 */
class ReviewHtmlTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String TITLE =
      "Migration review: helpdesk on PostgreSQL 17 at localhost:5432/dev";

  private static final String HAZARD = "20240301000000_orders_<script>alert(\"x\")</script>";
  private static final String CAUTION = "20240302000000_customers_'vip'_flag";
  private static final String SAFE = "20240303000000_créer_table_été";

  @TempDir Path work;

  @Test
  void pageIsSelfContainedAndEscapesUserText() {
    String html = ReviewHtml.render(report(), TITLE);

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("http:", "https:", "//", "src=", "url(", "@import", "<link", "<img")
        .doesNotContain("<script")
        .contains("20240301000000_orders_&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        .contains("20240302000000_customers_&#39;vip&#39;_flag")
        .contains(
            "INSERT INTO public.notes VALUES (&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;)")
        .contains("20240303000000_créer_table_été")
        .contains("column public.orders.note (1000 rows)");
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) assertThat(href.group(1)).as("an in-page link").startsWith("#");
  }

  @Test
  void failureOnTheShadowDatabaseIsShownInsteadOfAnswersFromIt() {
    Observation failed =
        new Observation(List.of(), 12, Optional.of("ERROR: relation \"été\" <already> exists"));
    MigrationReview m =
        MigrationReview.of(
            "20240304000000_again", "20240304000000_again/up.sql", List.of(), Optional.of(failed));
    String html =
        ReviewHtml.render(
            new ReviewReport(List.of(m), true, Optional.empty(), 0, 40, List.of()), TITLE);

    assertThat(html)
        .contains("Failed on the shadow database after 12 ms")
        .contains("ERROR: relation &quot;été&quot; &lt;already&gt; exists");
  }

  @Test
  void chromiumRendersEveryMigrationVerdictAndFinding() throws Exception {
    if (System.getenv("CI") == null) {
      assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM);
    } else {
      assertThat(Files.isExecutable(CHROMIUM)).as("CI installs chromium at " + CHROMIUM).isTrue();
    }
    Path page = work.resolve("report.html");
    Files.writeString(page, ReviewHtml.render(report(), TITLE), UTF_8);

    Path dom = work.resolve("dom.html");
    chromium(dom, "--dump-dom", page.toUri().toString());
    assertThat(Files.readString(dom, UTF_8))
        .contains("<h1>" + TITLE + "</h1>")
        .contains("20240301000000_orders_&lt;script&gt;alert(\"x\")&lt;/script&gt;")
        .contains(CAUTION, SAFE)
        .contains(">hazard</span>", ">caution</span>", ">safe</span>")
        .contains("table-rewrite", "column-dropped", "index-not-concurrent", "no-down-migration")
        .contains("ACCESS EXCLUSIVE", "existing table", "column public.orders.note (1000 rows)")
        .doesNotContain("<script");

    Path png = work.resolve("report.png");
    chromium(
        work.resolve("screenshot.log"),
        "--screenshot=" + png,
        "--window-size=1280,2000",
        "--hide-scrollbars",
        page.toUri().toString());
    assertThat(png).exists();
    assertThat(Files.size(png)).as("a drawn page, not a blank one").isGreaterThan(50_000);
  }

  /** Runs headless Chromium with its own profile; its stdout goes to {@code output}. */
  private void chromium(Path output, String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    Path log = work.resolve(output.getFileName() + ".stderr");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            CHROMIUM.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process chromium =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(log.toFile())
            .start();
    if (!chromium.waitFor(60, SECONDS)) {
      chromium.descendants().forEach(ProcessHandle::destroyForcibly);
      chromium.destroyForcibly().waitFor(10, SECONDS);
      fail("chromium did not finish within 60 s: " + String.join(" ", command));
    }
    assertThat(chromium.exitValue())
        .as("chromium's exit code; its stderr:\n%s", new String(Files.readAllBytes(log), UTF_8))
        .isZero();
  }

  /** A hazard observed on the shadow database, a caution read from the text, a safe migration. */
  private static ReviewReport report() {
    return new ReviewReport(
        List.of(hazard(), caution(), safe()),
        true,
        Optional.of("a PostgreSQL 17 shadow database at localhost:5432/strata_shadow_3f2a"),
        1000,
        4_230,
        List.of());
  }

  private static MigrationReview hazard() {
    String file = HAZARD + "/up.sql";
    LockTaken exclusive = new LockTaken("public.orders", "ACCESS EXCLUSIVE", true, true, true);
    LockTaken shareUpdate =
        new LockTaken("public.orders", "SHARE UPDATE EXCLUSIVE", true, false, false);
    Observation observed =
        new Observation(
            List.of(
                statement(
                    1,
                    "ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2) -- \"prix\" ≥ 0 €",
                    834,
                    List.of(exclusive),
                    List.of("public.orders"),
                    List.of()),
                statement(
                    2,
                    "ALTER TABLE public.orders DROP COLUMN note",
                    3,
                    List.of(exclusive),
                    List.of(),
                    List.of(new DataAtRisk("column public.orders.note", 1000, false))),
                statement(
                    3,
                    "INSERT INTO public.notes VALUES ('<script>alert(1)</script>')",
                    1,
                    List.of(),
                    List.of(),
                    List.of()),
                new ObservedStatement(
                    4,
                    "CREATE INDEX CONCURRENTLY orders_total ON public.orders (total)",
                    120,
                    List.of(shareUpdate),
                    List.of(),
                    List.of(),
                    true,
                    true,
                    "5s")),
            958,
            Optional.empty());
    return MigrationReview.of(
        HAZARD,
        file,
        List.of(
            new Finding(
                "table-rewrite",
                Level.ERROR,
                Evidence.OBSERVED,
                Concern.LOCKS,
                HAZARD,
                file,
                1,
                "ALTER COLUMN total TYPE rewrote public.orders under ACCESS EXCLUSIVE",
                "Every read and write of public.orders waits until all rows are copied.",
                "ALTER TABLE public.orders ADD COLUMN total_new numeric(12,2);\n"
                    + "-- backfill in batches, then swap the columns"),
            new Finding(
                "column-dropped",
                Level.ERROR,
                Evidence.OBSERVED,
                Concern.DATA_LOSS,
                HAZARD,
                file,
                2,
                "Drops column public.orders.note, which holds values in 1000 rows",
                "The values are gone for good; code still reading note fails.",
                ""),
            new Finding(
                "no-down-migration",
                Level.WARNING,
                Evidence.STATIC,
                Concern.REVERSIBILITY,
                HAZARD,
                file,
                0,
                "No down.sql: rolling back means restoring a backup",
                "A bad deploy cannot be undone quickly.",
                "Write " + HAZARD + "/down.sql")),
        Optional.of(observed));
  }

  private static MigrationReview caution() {
    String file = CAUTION + "/up.sql";
    return MigrationReview.of(
        CAUTION,
        file,
        List.of(
            new Finding(
                "index-not-concurrent",
                Level.WARNING,
                Evidence.STATIC,
                Concern.LOCKS,
                CAUTION,
                file,
                2,
                "CREATE INDEX customers_vip blocks writes to public.customers while it builds",
                "INSERT, UPDATE and DELETE on public.customers wait for the whole build.",
                "CREATE INDEX CONCURRENTLY customers_vip ON public.customers (vip);")),
        Optional.empty());
  }

  private static MigrationReview safe() {
    LockTaken onNewTable = new LockTaken("public.été", "ACCESS EXCLUSIVE", false, true, true);
    Observation observed =
        new Observation(
            List.of(
                statement(
                    1,
                    "CREATE TABLE IF NOT EXISTS public.été (id bigint PRIMARY KEY, nom text)",
                    5,
                    List.of(onNewTable),
                    List.of(),
                    List.of())),
            5,
            Optional.empty());
    return MigrationReview.of(SAFE, SAFE + "/up.sql", List.of(), Optional.of(observed));
  }

  private static ObservedStatement statement(
      int line,
      String sql,
      long millis,
      List<LockTaken> locks,
      List<String> rewritten,
      List<DataAtRisk> dropped) {
    return new ObservedStatement(line, sql, millis, locks, rewritten, dropped, false, false, "0");
  }
}
