package dev.strata.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.MigrationReview;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewReport;
import java.io.IOException;

/** The review as JSON: what {@code strata review --json} prints and deploy's JSON embeds. */
final class ReviewJson {
  private ReviewJson() {}

  static void write(JsonGenerator g, ReviewReport report) throws IOException {
    g.writeStartObject();
    g.writeBooleanField("observed", report.observed());
    if (report.shadow().isPresent()) g.writeStringField("shadow", report.shadow().get());
    g.writeNumberField("sampleRows", report.sampleRows());
    g.writeNumberField("millis", report.millis());
    g.writeObjectFieldStart("totals");
    g.writeNumberField("migrations", report.migrations().size());
    g.writeNumberField("errors", report.count(Level.ERROR));
    g.writeNumberField("warnings", report.count(Level.WARNING));
    g.writeNumberField("infos", report.count(Level.INFO));
    g.writeEndObject();
    g.writeArrayFieldStart("notes");
    for (String note : report.notes()) g.writeString(note);
    g.writeEndArray();
    g.writeArrayFieldStart("migrations");
    for (MigrationReview m : report.migrations()) migration(g, m);
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void migration(JsonGenerator g, MigrationReview m) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", m.migration());
    g.writeStringField("file", m.file());
    g.writeStringField("verdict", m.verdict());
    g.writeObjectFieldStart("answers");
    g.writeStringField("idempotent", m.answers().idempotent());
    g.writeStringField("backwardCompatible", m.answers().backwardCompatible());
    g.writeStringField("reversible", m.answers().reversible());
    g.writeStringField("locks", m.answers().locks());
    g.writeStringField("dataAtRisk", m.answers().dataAtRisk());
    g.writeEndObject();
    g.writeArrayFieldStart("findings");
    for (Finding f : m.findings()) finding(g, f);
    g.writeEndArray();
    if (m.observation().isPresent()) {
      var o = m.observation().get();
      g.writeObjectFieldStart("observed");
      g.writeNumberField("millis", o.millis());
      if (o.failure().isPresent()) g.writeStringField("failure", o.failure().get());
      g.writeArrayFieldStart("statements");
      for (ObservedStatement s : o.statements()) statement(g, s);
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("code", f.code());
    g.writeStringField("level", f.level().word());
    g.writeStringField("evidence", f.evidence().word());
    g.writeStringField("concern", f.concern().name().toLowerCase(java.util.Locale.ROOT));
    if (!f.also().isEmpty()) {
      g.writeArrayFieldStart("alsoConcerns");
      for (var concern : new java.util.TreeSet<>(f.also())) {
        g.writeString(concern.name().toLowerCase(java.util.Locale.ROOT));
      }
      g.writeEndArray();
    }
    g.writeStringField("file", f.file());
    g.writeNumberField("line", f.line());
    g.writeStringField("summary", f.summary());
    g.writeStringField("why", f.why());
    g.writeStringField("fix", f.fix());
    g.writeEndObject();
  }

  private static void statement(JsonGenerator g, ObservedStatement s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("line", s.line());
    g.writeStringField("sql", s.sql());
    g.writeNumberField("millis", s.millis());
    g.writeBooleanField("outsideTransaction", s.outsideTransaction());
    if (s.outsideTransaction()) g.writeBooleanField("writesContinued", s.writesContinued());
    g.writeStringField("lockTimeout", s.lockTimeout());
    g.writeArrayFieldStart("locks");
    for (LockTaken l : s.locks()) {
      g.writeStartObject();
      g.writeStringField("table", l.table());
      g.writeStringField("mode", l.mode());
      g.writeBooleanField("inUse", l.preExisting());
      g.writeBooleanField("blocksWrites", l.blocksWrites());
      g.writeBooleanField("blocksReads", l.blocksReads());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rewritten");
    for (String t : s.rewritten()) g.writeString(t);
    g.writeEndArray();
    g.writeArrayFieldStart("dropped");
    for (DataAtRisk d : s.dropped()) {
      g.writeStartObject();
      g.writeStringField("object", d.object());
      g.writeNumberField("rows", d.rows());
      g.writeBooleanField("estimated", d.estimated());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
