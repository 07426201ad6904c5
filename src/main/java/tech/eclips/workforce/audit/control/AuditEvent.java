package tech.eclips.workforce.audit.control;

/**
 * What one audit entry says. Never a key, a token or a request body: actors are ids and hints,
 * resources are types and ids.
 */
public record AuditEvent(
    String actorType,
    String actorId,
    String actorHint,
    String action,
    String resourceType,
    String resourceId,
    String outcome,
    String code,
    String requestId,
    String clientAddress,
    String userAgent) {

  public static final String ALLOWED = "allowed";
  public static final String DENIED = "denied";
}
