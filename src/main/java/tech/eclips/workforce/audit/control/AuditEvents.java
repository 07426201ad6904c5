package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditAction;
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
      String subject, AuditAction action, String resourceType, Object resourceId) {
    return event(
        ActorType.USER,
        subject,
        null,
        action.code(),
        resourceType,
        resourceId,
        AuditOutcome.ALLOWED,
        null);
  }

  /** An allowed user action whose entry says more in its code (say, the fields it changed). */
  public AuditEvent userAllowed(
      String subject, AuditAction action, String resourceType, Object resourceId, String code) {
    return event(
        ActorType.USER,
        subject,
        null,
        action.code(),
        resourceType,
        resourceId,
        AuditOutcome.ALLOWED,
        code);
  }

  public AuditEvent key(
      Caller caller,
      AuditAction action,
      String resourceType,
      Object resourceId,
      AuditOutcome outcome,
      String code) {
    return request(caller, action.code(), resourceType, resourceId, outcome, code);
  }

  /**
   * A key's request as the request audit names it, {@code "METHOD /template"}: free text, the one
   * kind of action that is no {@link AuditAction}.
   */
  public AuditEvent request(
      Caller caller,
      String requestLine,
      String resourceType,
      Object resourceId,
      AuditOutcome outcome,
      String code) {
    return event(
        ActorType.API_KEY,
        caller.keyId().toString(),
        caller.hint(),
        requestLine,
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
