package dev.strata.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaComparison;
import java.io.IOException;
import java.io.PrintWriter;

/** Schema changes as JSON and as text, shared by status (drift), diff and dev. */
final class SchemaJson {
  private SchemaJson() {}

  /** {@code "changes": [{action, object, destructive, reason, phase, statements}]}. */
  static void changes(JsonGenerator g, String field, SchemaComparison comparison)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (SchemaChange c : comparison.changes()) {
      g.writeStartObject();
      g.writeStringField("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("object", c.object());
      g.writeBooleanField("destructive", c.destructive());
      if (c.reason() != null) g.writeStringField("reason", c.reason());
      g.writeStringField("phase", c.phase().name().toLowerCase(java.util.Locale.ROOT));
      g.writeArrayFieldStart("statements");
      for (String s : c.statements()) g.writeString(s);
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** One line per change, in words: {@code drop TABLE "public"."t" (destructive: ...)}. */
  static void words(PrintWriter out, SchemaComparison comparison) {
    for (SchemaChange c : comparison.changes()) {
      out.printf(
          "  %-9s %s%s%n",
          c.action().name().toLowerCase(java.util.Locale.ROOT),
          c.object(),
          c.destructive() ? "  (destructive: " + c.reason() + ")" : "");
    }
  }
}
