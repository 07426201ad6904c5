package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;

/** Audit events for this request, with its id, client address and user agent filled in. */
@RequestScoped
public class AuditEvents {

  /** A resource id may come from the request path, any length the container lets through. */
  static final int MAX_RESOURCE_ID = 256;

  @Inject RequestContext request;

  public AuditEvent userAllowed(
      String subject, String action, String resourceType, Object resourceId) {
    return event(
        ActorType.USER,
        subject,
        null,
        action,
        resourceType,
        resourceId,
        AuditOutcome.ALLOWED,
        null);
  }

  public AuditEvent key(
      Caller caller,
      String action,
      String resourceType,
      Object resourceId,
      AuditOutcome outcome,
      String code) {
    return event(
        ActorType.API_KEY,
        caller.keyId().toString(),
        caller.hint(),
        action,
        resourceType,
        resourceId,
        outcome,
        code);
  }

  private AuditEvent event(
      ActorType actorType,
      String actorId,
      String hint,
      String action,
      String resourceType,
      Object resourceId,
      AuditOutcome outcome,
      String code) {
    return new AuditEvent(
        actorType,
        actorId,
        hint,
        action,
        resourceType,
        resourceId == null ? null : AuditText.bounded(resourceId.toString(), MAX_RESOURCE_ID),
        outcome,
        code,
        request.requestId(),
        request.clientAddress(),
        request.userAgent(),
        1);
  }
}
