package tech.eclips.workforce.audit.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
    AuditEvent e = entry.event();
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", entry.id().toString())
            .add("object", "audit_entry")
            .add("seq", entry.seq())
            .add("occurred_at", entry.occurredAt().toInstant().toString());
    JsonFields.add(json, "actor_type", e.actorType());
    JsonFields.add(json, "actor_id", e.actorId());
    JsonFields.add(json, "actor_hint", e.actorHint());
    JsonFields.add(json, "action", e.action());
    JsonFields.add(json, "resource_type", e.resourceType());
    JsonFields.add(json, "resource_id", e.resourceId());
    JsonFields.add(json, "outcome", e.outcome());
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

  static String csvRow(AuditEntry entry) {
    JsonObject json = of(entry);
    return CSV_COLUMNS.stream()
            .map(c -> json.isNull(c) ? "" : json.get(c).toString().replaceAll("^\"|\"$", ""))
            .map(AuditJson::csvField)
            .collect(Collectors.joining(","))
        + "\r\n";
  }

  /** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
  static String csvField(String value) {
    String safe = Stream.of("=", "+", "-", "@").anyMatch(value::startsWith) ? "'" + value : value;
    return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
