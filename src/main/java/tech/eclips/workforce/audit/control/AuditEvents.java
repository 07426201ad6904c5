package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import tech.eclips.workforce.requests.control.RequestContext;

/** Audit events for this request, with its id, client address and user agent filled in. */
@RequestScoped
public class AuditEvents {

  @Inject RequestContext request;

  public AuditEvent userAllowed(String subject, String action, String resourceType, Object resourceId) {
    return new AuditEvent("user", subject, null, action, resourceType, String.valueOf(resourceId),
        AuditEvent.ALLOWED, null, request.requestId(), request.clientAddress(), request.userAgent());
  }
}
