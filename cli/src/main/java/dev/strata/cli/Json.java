package dev.strata.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes one JSON object per command, pretty-printed, with jackson-core's streaming generator. */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static void write(PrintWriter out, Body body) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.useDefaultPrettyPrinter();
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      body.write(g);
      g.flush();
      out.println();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void instant(JsonGenerator g, String field, Instant value) throws IOException {
    if (value == null) g.writeNullField(field);
    else g.writeStringField(field, value.toString());
  }
}
