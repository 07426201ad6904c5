package tech.eclips.workforce.audit.control;

/**
 * What one audit entry says. Never a key, a token or a request body: actors are ids and hints,
 * resources are types and ids. {@code occurrences} counts summarised repeats (429 floods).
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
    String userAgent,
    int occurrences) {

  public static final String ALLOWED = "allowed";
  public static final String DENIED = "denied";

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
