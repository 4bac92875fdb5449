package dev.strata.core.production;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The run's events, one JSON object per line, beside the backup ({@code <backup>.run.jsonl}): what
 * CI and alerting read, and how {@code rollback --restore-backup} finds the backup a run took.
 */
final class RunRecord {
  private static final JsonFactory JSON = new JsonFactory();
  private final Path file;

  RunRecord(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void event(String event, String detail) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("at", Instant.now().toString());
      g.writeStringField("event", event);
      g.writeStringField("detail", detail);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.createDirectories(file.getParent());
      // Readable by its owner alone, like the backups: error details quote row values.
      if (!Files.exists(file)) {
        try {
          dev.strata.core.backup.PrivateFiles.create(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // Another event got there first.
        }
      }
      Files.writeString(
          file,
          text + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run record " + file, e);
    }
  }
}
