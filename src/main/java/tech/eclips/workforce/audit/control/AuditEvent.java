package tech.eclips.workforce.audit.control;

import java.util.Objects;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.audit.entity.AuditOutcome;

/**
 * What one audit entry says. Never a key, a token or a request body: actors are ids and hints,
 * resources are types and ids. {@code occurrences} counts summarised repeats (429 floods).
 */
public record AuditEvent(
    ActorType actorType,
    String actorId,
    String actorHint,
    String action,
    String resourceType,
    String resourceId,
    AuditOutcome outcome,
    String code,
    String requestId,
    String clientAddress,
    String userAgent,
    int occurrences) {

  /** Client-chosen text (a path id, a user agent) may hold what jsonb refuses: see AuditText. */
  public AuditEvent {
    Objects.requireNonNull(actorType, "actorType");
    actorId = AuditText.storable(actorId);
    actorHint = AuditText.storable(actorHint);
    action = AuditText.storable(action);
    resourceType = AuditText.storable(resourceType);
    resourceId = AuditText.storable(resourceId);
    Objects.requireNonNull(outcome, "outcome");
    code = AuditText.storable(code);
    requestId = AuditText.storable(requestId);
    clientAddress = AuditText.storable(clientAddress);
    userAgent = AuditText.storable(userAgent);
  }

  /** A stored entry's content, as it was hashed. */
  public static AuditEvent of(AuditEntry entry) {
    return new AuditEvent(
        entry.actorType(),
        entry.actorId(),
        entry.actorHint(),
        entry.action(),
        entry.resourceType(),
        entry.resourceId(),
        entry.outcome(),
        entry.code(),
        entry.requestId(),
        entry.clientAddress(),
        entry.userAgent(),
        entry.occurrences());
  }

  public AuditEvent times(int count) {
    return new AuditEvent(
        actorType,
        actorId,
        actorHint,
        action,
        resourceType,
        resourceId,
        outcome,
        code,
        requestId,
        clientAddress,
        userAgent,
        count);
  }
}
