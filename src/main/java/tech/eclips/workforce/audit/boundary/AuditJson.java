package tech.eclips.workforce.audit.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;

/** An audit entry as JSON, and as a CSV row. */
final class AuditJson {

  static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "seq",
          "occurred_at",
          "actor_type",
          "actor_id",
          "actor_hint",
          "action",
          "resource_type",
          "resource_id",
          "outcome",
          "code",
          "request_id",
          "client_address",
          "user_agent",
          "occurrences",
          "prev_hash",
          "hash");

  private AuditJson() {}

  static JsonObject of(AuditEntry entry) {
    AuditEvent e = AuditEvent.of(entry);
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", entry.id().toString())
            .add("object", "audit_entry")
            .add("seq", entry.seq())
            .add("occurred_at", entry.occurredAt().toInstant().toString());
    JsonFields.add(json, "actor_type", e.actorType().code());
    JsonFields.add(json, "actor_id", e.actorId());
    JsonFields.add(json, "actor_hint", e.actorHint());
    JsonFields.add(json, "action", e.action());
    JsonFields.add(json, "resource_type", e.resourceType());
    JsonFields.add(json, "resource_id", e.resourceId());
    JsonFields.add(json, "outcome", e.outcome().code());
    JsonFields.add(json, "code", e.code());
    JsonFields.add(json, "request_id", e.requestId());
    JsonFields.add(json, "client_address", e.clientAddress());
    JsonFields.add(json, "user_agent", e.userAgent());
    json.add("occurrences", e.occurrences());
    JsonFields.add(
        json,
        "prev_hash",
        entry.prevHash() == null ? null : HexFormat.of().formatHex(entry.prevHash()));
    return json.add("hash", HexFormat.of().formatHex(entry.hash())).build();
  }

  /** The entry's CSV row: its values as stored (never JSON-escaped), one cell per column. */
  static String csvRow(AuditEntry entry) {
    AuditEvent e = AuditEvent.of(entry);
    return csvLine(
        Arrays.asList(
            entry.id().toString(),
            Long.toString(entry.seq()),
            entry.occurredAt().toInstant().toString(),
            e.actorType().code(),
            e.actorId(),
            e.actorHint(),
            e.action(),
            e.resourceType(),
            e.resourceId(),
            e.outcome().code(),
            e.code(),
            e.requestId(),
            e.clientAddress(),
            e.userAgent(),
            Integer.toString(e.occurrences()),
            entry.prevHash() == null ? null : HexFormat.of().formatHex(entry.prevHash()),
            HexFormat.of().formatHex(entry.hash())));
  }

  /** One CRLF-terminated line; a null cell is empty. */
  static String csvLine(List<String> cells) {
    if (cells.size() != CSV_COLUMNS.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + CSV_COLUMNS.size());
    }
    return cells.stream().map(c -> c == null ? "" : csvField(c)).collect(Collectors.joining(","))
        + "\r\n";
  }

  /**
   * RFC 4180 quoting (a cell holding a quote, a comma or a line break, anywhere), and a leading
   * quote for cells a spreadsheet would run as a formula (OWASP: = + - @, tab and carriage return).
   */
  static String csvField(String value) {
    String safe =
        Stream.of("=", "+", "-", "@", "\t", "\r").anyMatch(value::startsWith) ? "'" + value : value;
    boolean quote = safe.chars().anyMatch(c -> c == '"' || c == ',' || c == '\r' || c == '\n');
    return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
