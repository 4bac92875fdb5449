package dev.strata.core.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a backup file holds, written beside it as {@code <file>.manifest.json}: restore checks the
 * file against it before touching anything, and the restored database against it after.
 *
 * @param rowCounts rows per table ({@code "schema"."table"}), as copied
 * @param schemaFingerprint SHA-256 of the schema's DDL as Strata writes it
 * @param latestMigration the newest applied migration in the history table, when there is one
 * @param databaseProperties what belongs to the database itself (owner, grants, settings, comment,
 *     connection limit), as the dialect's statements; a restore gives them back
 */
public record BackupManifest(
    String file,
    long size,
    String sha256,
    String database,
    String compression,
    Map<String, Long> rowCounts,
    String schemaFingerprint,
    Optional<String> latestMigration,
    String serverVersion,
    String strataVersion,
    Instant startedAt,
    Instant finishedAt,
    List<String> databaseProperties) {

  private static final JsonFactory JSON = new JsonFactory();

  public BackupManifest {
    rowCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    databaseProperties = List.copyOf(databaseProperties);
  }

  public static Path pathFor(Path backupFile) {
    return backupFile.resolveSibling(backupFile.getFileName() + ".manifest.json");
  }

  public long totalRows() {
    return rowCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  public void write(Path path) throws IOException {
    PrivateFiles.create(path);
    try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        JsonGenerator g = JSON.createGenerator(writer)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", "strata-backup/1");
      g.writeStringField("file", file);
      g.writeNumberField("size", size);
      g.writeStringField("sha256", sha256);
      g.writeStringField("database", database);
      g.writeStringField("compression", compression);
      g.writeStringField("schemaFingerprint", schemaFingerprint);
      if (latestMigration.isPresent()) g.writeStringField("latestMigration", latestMigration.get());
      else g.writeNullField("latestMigration");
      g.writeStringField("serverVersion", serverVersion);
      g.writeStringField("strataVersion", strataVersion);
      g.writeStringField("startedAt", startedAt.toString());
      g.writeStringField("finishedAt", finishedAt.toString());
      g.writeObjectFieldStart("rowCounts");
      for (Map.Entry<String, Long> e : rowCounts.entrySet())
        g.writeNumberField(e.getKey(), e.getValue());
      g.writeEndObject();
      g.writeArrayFieldStart("databaseProperties");
      for (String statement : databaseProperties) g.writeString(statement);
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** Reads a manifest; a malformed one is refused with a message naming it. */
  public static BackupManifest read(Path path) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    List<String> properties = new java.util.ArrayList<>();
    try (JsonParser p = JSON.createParser(Files.newBufferedReader(path, StandardCharsets.UTF_8))) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("rowCounts")) {
          if (value != JsonToken.START_OBJECT) throw new IOException("rowCounts is not an object");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String table = p.currentName();
            p.nextToken();
            rows.put(table, p.getLongValue());
          }
        } else if (name.equals("databaseProperties")) {
          if (value != JsonToken.START_ARRAY)
            throw new IOException("databaseProperties is not a list");
          while (p.nextToken() == JsonToken.VALUE_STRING) properties.add(p.getText());
        } else if (value.isStructStart()) {
          p.skipChildren();
        } else {
          fields.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
        }
      }
      if (!"strata-backup/1".equals(fields.get("format")))
        throw new IOException("not a Strata backup manifest");
      return new BackupManifest(
          required(fields, "file"),
          Long.parseLong(required(fields, "size")),
          required(fields, "sha256"),
          required(fields, "database"),
          required(fields, "compression"),
          rows,
          required(fields, "schemaFingerprint"),
          Optional.ofNullable(fields.get("latestMigration")),
          fields.getOrDefault("serverVersion", ""),
          fields.getOrDefault("strataVersion", ""),
          Instant.parse(required(fields, "startedAt")),
          Instant.parse(required(fields, "finishedAt")),
          properties);
    } catch (IOException | RuntimeException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Manifest "
              + path
              + " is not a valid Strata backup manifest ("
              + e.getMessage()
              + "). Nothing was changed.");
    }
  }

  private static String required(Map<String, String> fields, String name) throws IOException {
    String value = fields.get(name);
    if (value == null) throw new IOException("missing " + name);
    return value;
  }
}
