package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.control.ExpiryWarnings;
import tech.eclips.workforce.keys.control.KeyContainment;
import tech.eclips.workforce.keys.control.KeyIssuer;
import tech.eclips.workforce.keys.control.LeakAction;
import tech.eclips.workforce.keys.control.LeakReport.Leak;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.requests.control.AddressRanges;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.control.TenantContext;

/**
 * One leaked key contained, in a transaction of its own bound to the key's org: quarantined (pinned
 * to the addresses it was seen from) or revoked, as the org's {@code leak_action} says; audited by
 * the system actor {@code leak_report} with what was done in the entry's code, and the org told by
 * an {@code api_key.leaked} event naming where the key was found.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LeakedKeys {

  static final String ACTOR = "leak_report";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject KeyContainment containment;
  @Inject KeyIssuer issuer;
  @Inject AuditTrail audit;
  @Inject EventLog eventLog;
  @Inject ExpiryWarnings warnings;
  @Inject RequestContext request;

  /** What was done: {@code quarantined}, {@code revoked} or {@code already_revoked}. */
  public String contain(Caller caller, Leak leak) {
    tenant.enter(caller.org());
    ApiKey key = em.find(ApiKey.class, caller.keyId());
    Instant now = Instant.now();
    String outcome;
    if (key.revokedAt(now)) {
      outcome = "already_revoked";
    } else if (containment.state().leakAction() == LeakAction.REVOKE) {
      issuer.revoke(caller.org(), key, now);
      outcome = "revoked";
    } else {
      AddressRanges seen = key.quarantinedAt() == null ? containment.seenFrom(key.id()) : null;
      key.quarantine(now, seen == null ? key.quarantineIps() : seen.joined());
      issuer.changed(caller.org());
      outcome = "quarantined";
    }
    audit.record(caller.org(), entry(key, outcome));
    eventLog.emit(
        EventType.API_KEY_LEAKED,
        key.mode().livemode(),
        jakarta.json.Json.createObjectBuilder(ApiKeyJson.of(key, warnings.window(), now))
            .add(
                "leak",
                JsonSupport.object()
                    .add("type", leak.type())
                    .add("url", leak.url())
                    .add("source", leak.source())
                    .add("action", outcome))
            .build());
    return outcome;
  }

  private AuditEvent entry(ApiKey key, String outcome) {
    return new AuditEvent(
        ActorType.SYSTEM,
        ACTOR,
        key.hint(),
        AuditAction.API_KEY_LEAKED.code(),
        "api_key",
        key.id().toString(),
        AuditOutcome.ALLOWED,
        outcome,
        request.requestId(),
        request.clientAddress(),
        request.userAgent(),
        1);
  }
}
