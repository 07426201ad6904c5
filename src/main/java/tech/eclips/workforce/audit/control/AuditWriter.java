package tech.eclips.workforce.audit.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Appends entries to orgs' chains inside the caller's transaction (MANDATORY): an entry commits with the
 * change it records, or not at all. One round trip per call, whatever the number of entries and orgs:
 * {@code eclips_append_audit} takes each org's chain lock (so concurrent writers cannot fork a chain),
 * reads its tail and links the rows.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditWriter {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  /** Entries for the org the transaction is bound to (which the call re-binds to the same org). */
  public void append(OrgId org, List<AuditEvent> events) {
    append(Map.of(org, events));
  }

  /** Entries of several orgs at once: the group commit. Leaves the transaction bound to the last org. */
  public void append(Map<OrgId, List<AuditEvent>> byOrg) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    JsonArrayBuilder batch = JsonSupport.array();
    byOrg.forEach((org, events) -> {
      JsonArrayBuilder rows = JsonSupport.array();
      events.forEach(e -> rows.add(row(at, e)));
      batch.add(JsonSupport.object().add("org", org.toString()).add("rows", rows));
    });
    em.createNativeQuery("SELECT eclips_append_audit(CAST(?1 AS jsonb))").setParameter(1, batch.build().toString())
        .getSingleResult();
  }

  private static JsonObjectBuilder row(Instant at, AuditEvent e) {
    JsonObjectBuilder row = JsonSupport.object().add("id", UUID.randomUUID().toString()).add("at", at.toString())
        .add("payload", AuditChain.payload(at, e)).add("occurrences", e.occurrences());
    JsonFields.add(row, "actor_type", e.actorType());
    JsonFields.add(row, "actor_id", e.actorId());
    JsonFields.add(row, "actor_hint", e.actorHint());
    JsonFields.add(row, "action", e.action());
    JsonFields.add(row, "resource_type", e.resourceType());
    JsonFields.add(row, "resource_id", e.resourceId());
    JsonFields.add(row, "outcome", e.outcome());
    JsonFields.add(row, "code", e.code());
    JsonFields.add(row, "request_id", e.requestId());
    JsonFields.add(row, "client_address", e.clientAddress());
    return JsonFields.add(row, "user_agent", e.userAgent());
  }
}
