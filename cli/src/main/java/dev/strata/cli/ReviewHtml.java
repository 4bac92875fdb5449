package dev.strata.cli;

import dev.strata.core.review.Answers;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.MigrationReview;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewReport;
import java.util.List;
import java.util.Locale;

/**
 * {@code strata review --html}: the review as one self-contained HTML page for people who read it
 * in a browser, attached to a pull request or on paper. Inline CSS only, no script and no URL, so
 * the file opens the same anywhere, offline. Every piece of text from the report is escaped:
 * migration names, SQL and error messages come from users.
 */
final class ReviewHtml {
  private final StringBuilder html = new StringBuilder(16_384);

  private ReviewHtml() {}

  static String render(ReviewReport report, String title) {
    ReviewHtml page = new ReviewHtml();
    page.document(report, title);
    return page.html.toString();
  }

  private void document(ReviewReport report, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(ReviewCss.STYLE)
        .append("</style>\n</head>\n<body>\n");
    header(report, title);
    html.append("<main>\n");
    summary(report.migrations());
    for (int i = 0; i < report.migrations().size(); i++) {
      migration(anchor(i), report.migrations().get(i));
    }
    html.append("</main>\n</body>\n</html>\n");
  }

  private void header(ReviewReport report, String title) {
    html.append("<header class=\"page\">\n");
    element("p", "kicker", "Strata migration review");
    element("h1", "", title);
    html.append("<div class=\"totals\">\n");
    total(report.migrations().size(), "migration reviewed", "migrations reviewed", "");
    total(report.count(Level.ERROR), "error", "errors", "error");
    total(report.count(Level.WARNING), "warning", "warnings", "warning");
    total(report.count(Level.INFO), "info", "infos", "info");
    html.append("</div>\n<dl class=\"facts\">\n");
    fact("Shadow database", shadow(report));
    fact(
        "Rows sampled",
        report.sampleRows() > 0
            ? "up to " + report.sampleRows() + " rows per table, copied from the target"
            : "none: the shadow database had the schema only");
    fact("Time taken", duration(report.millis()));
    html.append("</dl>\n</header>\n");
  }

  private static String shadow(ReviewReport report) {
    if (!report.observed()) {
      return "not used: the findings come from the migrations' text alone";
    }
    return "the migrations ran on "
        + report.shadow().orElse("a shadow database")
        + "; locks, rewrites and dropped data below were observed there";
  }

  private void total(long count, String one, String many, String level) {
    String kind = count > 0 && !level.isEmpty() ? " " + level : "";
    html.append("<div class=\"total").append(kind).append("\">");
    element("span", "number", Long.toString(count));
    element("span", "label", count == 1 ? one : many);
    html.append("</div>\n");
  }

  private void fact(String term, String description) {
    element("dt", "", term);
    element("dd", "", description);
  }

  private void summary(List<MigrationReview> migrations) {
    html.append("<section class=\"summary\">\n");
    element("h2", "", "Summary");
    if (migrations.isEmpty()) {
      element("p", "muted", "No migration to review.");
      html.append("</section>\n");
      return;
    }
    html.append("<table>\n<thead><tr><th>Migration</th><th>Verdict</th>")
        .append("<th class=\"num\">Errors</th><th class=\"num\">Warnings</th>")
        .append("<th class=\"num\">Infos</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < migrations.size(); i++) {
      MigrationReview m = migrations.get(i);
      html.append("<tr><td><a href=\"#").append(anchor(i)).append("\">");
      html.append(escape(m.migration())).append("</a></td><td>");
      badge(m.verdict());
      html.append("</td>");
      for (Level level : Level.values()) {
        element("td", "num", Long.toString(m.count(level)));
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private void migration(String id, MigrationReview m) {
    html.append("<section class=\"migration\" id=\"").append(id).append("\">\n<h2>");
    badge(m.verdict());
    html.append(' ').append(escape(m.migration())).append("</h2>\n");
    element("p", "file", m.file());
    element("p", "verdict " + m.verdict(), verdictSentence(m.verdict()));
    element("h3", "", "Review questions");
    answers(m.answers());
    element("h3", "", "Findings");
    if (m.findings().isEmpty()) element("p", "muted", "No findings.");
    m.findings().forEach(this::finding);
    element("h3", "", "On the shadow database");
    if (m.observation().isPresent()) {
      observation(m.observation().get());
    } else {
      element("p", "muted", "Not run on a shadow database: the answers above come from the text.");
    }
    html.append("</section>\n");
  }

  private static String verdictSentence(String verdict) {
    return switch (verdict) {
      case "hazard" ->
          "Hazard: an error-level finding; deploy refuses this migration unless"
              + " the finding is allowed.";
      case "caution" -> "Caution: warnings to read before deploying.";
      default -> "Safe: nothing above information level.";
    };
  }

  private void answers(Answers a) {
    html.append("<dl class=\"answers\">\n");
    fact("Idempotent?", a.idempotent());
    fact("Backward compatible?", a.backwardCompatible());
    fact("Reversible?", a.reversible());
    fact("Locks taken?", a.locks());
    fact("Data at risk?", a.dataAtRisk());
    html.append("</dl>\n");
  }

  private void finding(Finding f) {
    html.append("<article class=\"finding ").append(f.level().word()).append("\">\n");
    html.append("<p class=\"finding-head\">");
    badge(f.level().word());
    html.append(' ');
    element("code", "code", f.code());
    html.append(' ');
    element("span", "location", f.location());
    element(
        "span",
        "evidence",
        f.evidence() == Finding.Evidence.OBSERVED
            ? "seen on the shadow database"
            : "from the text");
    html.append("</p>\n");
    element("p", "summary", f.summary());
    element("p", "why", f.why());
    if (!f.fix().isBlank()) {
      element("p", "fix-label", "Fix");
      element("pre", "fix", f.fix());
    }
    html.append("</article>\n");
  }

  private void observation(Observation o) {
    if (o.failure().isPresent()) {
      html.append("<div class=\"failure\">\n");
      element(
          "p",
          "",
          "Failed on the shadow database after "
              + duration(o.millis())
              + "; it will most likely fail the same way on the target:");
      element("pre", "", o.failure().get());
      html.append("</div>\n");
    } else {
      element("p", "muted", "Ran in " + duration(o.millis()) + ".");
    }
    if (o.statements().isEmpty()) return;
    html.append("<div class=\"scroll\"><table class=\"statements\">\n<thead><tr>")
        .append("<th class=\"num\">Line</th><th>Statement</th><th class=\"num\">Time</th>")
        .append("<th>Locks taken</th><th>Tables rewritten</th><th>Data dropped</th>")
        .append("<th>Transaction</th></tr></thead>\n<tbody>\n");
    o.statements().forEach(this::statement);
    html.append("</tbody>\n</table></div>\n");
  }

  private void statement(ObservedStatement s) {
    html.append("<tr>");
    element("td", "num", Integer.toString(s.line()));
    html.append("<td class=\"sql\">");
    element("code", "", s.sql());
    html.append("</td>");
    element("td", "num", s.millis() + " ms");
    html.append("<td>");
    if (s.locks().isEmpty()) element("span", "muted", "none");
    s.locks().forEach(this::lock);
    html.append("</td><td>");
    list(s.rewritten());
    html.append("</td><td>");
    list(s.dropped().stream().map(DataAtRisk::describe).toList());
    html.append("</td>");
    element("td", "", transaction(s));
    html.append("</tr>\n");
  }

  private void lock(LockTaken l) {
    html.append("<div class=\"lock\">");
    element("span", "mode", l.mode());
    html.append(" on ");
    element("code", "", l.table());
    if (l.preExisting()) element("span", "tag existing", "existing table");
    if (l.blocksReads()) element("span", "tag blocks", "blocks reads and writes");
    else if (l.blocksWrites()) element("span", "tag blocks", "blocks writes");
    html.append("</div>");
  }

  private void list(List<String> items) {
    if (items.isEmpty()) element("span", "muted", "none");
    items.forEach(item -> element("div", "", item));
  }

  private static String transaction(ObservedStatement s) {
    if (!s.outsideTransaction()) return "inside";
    return s.writesContinued()
        ? "outside; writes continued while it ran"
        : "outside; writes were blocked while it ran";
  }

  private void badge(String word) {
    element("span", "badge " + word, word);
  }

  /** {@code <name class="cls">text</name>}, the text escaped; {@code cls} is ours, never data. */
  private void element(String name, String cls, String text) {
    html.append('<').append(name);
    if (!cls.isEmpty()) html.append(" class=\"").append(cls).append('"');
    html.append('>').append(escape(text)).append("</").append(name).append('>');
  }

  /** Ids made from the position, since a migration's name may hold any character. */
  private static String anchor(int index) {
    return "migration-" + (index + 1);
  }

  private static String duration(long millis) {
    return millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
