package tech.eclips.workforce.audit.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The argument {@code eclips_append_audit} takes, for a statement that appends through it itself
 * (the accept, V23). Not on {@link AuditWriter}: a static method of an EJB is no business method
 * (WildFly warns WFLYEJB0131).
 */
public final class AuditBatch {

  private AuditBatch() {}

  public static JsonArray of(OrgId org, List<AuditEvent> events) {
    JsonArrayBuilder rows = JsonSupport.array();
    events.forEach(e -> rows.add(row(e)));
    return JsonSupport.array()
        .add(JsonSupport.object().add("org", org.toString()).add("rows", rows))
        .build();
  }

  private static JsonObjectBuilder row(AuditEvent e) {
    JsonObjectBuilder row = JsonSupport.object().add("id", UUID.randomUUID().toString());
    text(row, "actor_type", e.actorType().code());
    text(row, "actor_id", e.actorId());
    text(row, "actor_hint", e.actorHint());
    text(row, "action", e.action());
    text(row, "resource_type", e.resourceType());
    text(row, "resource_id", e.resourceId());
    text(row, "outcome", e.outcome().code());
    text(row, "code", e.code());
    text(row, "request_id", e.requestId());
    text(row, "client_address", e.clientAddress());
    text(row, "user_agent", e.userAgent());
    return row.add("occurrences", e.occurrences());
  }

  private static void text(JsonObjectBuilder row, String name, String value) {
    if (value == null) {
      row.addNull(name);
    } else {
      row.add(name, value);
    }
  }
}
