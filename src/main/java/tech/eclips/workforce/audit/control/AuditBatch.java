package tech.eclips.workforce.audit.control;

import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The argument {@code eclips_append_audit} takes, written as text straight away: for {@link
 * AuditWriter} and for a statement that appends through it itself (the accept, V23). Not on {@link
 * AuditWriter}: a static method of an EJB is no business method (WildFly warns WFLYEJB0131).
 */
public final class AuditBatch {

  private AuditBatch() {}

  /** {@code [{"org": …, "rows": […]}]}: one org's entries, without a proof. */
  public static StringBuilder of(StringBuilder json, OrgId org, List<AuditEvent> events) {
    return org(json.append('['), org, null, events).append(']');
  }

  /** One org's member of the batch: {@code {"org": …, "proof": …, "rows": […]}}; no proof: null. */
  static StringBuilder org(StringBuilder json, OrgId org, String proof, List<AuditEvent> events) {
    json.append('{');
    JsonText.field(json, "org", org.toString()).append(',');
    if (proof != null) {
      JsonText.field(json, "proof", proof).append(',');
    }
    json.append("\"rows\":[");
    for (int i = 0; i < events.size(); i++) {
      row(json.append(i == 0 ? "" : ","), events.get(i));
    }
    return json.append("]}");
  }

  private static void row(StringBuilder json, AuditEvent e) {
    json.append('{');
    JsonText.field(json, "id", UUID.randomUUID().toString()).append(',');
    JsonText.field(json, "actor_type", e.actorType().code()).append(',');
    JsonText.field(json, "actor_id", e.actorId()).append(',');
    JsonText.field(json, "actor_hint", e.actorHint()).append(',');
    JsonText.field(json, "action", e.action()).append(',');
    JsonText.field(json, "resource_type", e.resourceType()).append(',');
    JsonText.field(json, "resource_id", e.resourceId()).append(',');
    JsonText.field(json, "outcome", e.outcome().code()).append(',');
    JsonText.field(json, "code", e.code()).append(',');
    JsonText.field(json, "request_id", e.requestId()).append(',');
    JsonText.field(json, "client_address", e.clientAddress()).append(',');
    JsonText.field(json, "user_agent", e.userAgent()).append(',');
    JsonText.field(json, "occurrences", e.occurrences()).append('}');
  }
}
