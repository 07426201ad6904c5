package tech.eclips.workforce.problems.control;

import java.util.Optional;

/**
 * Every problem the API answers (CONTRACT §5): its status, stable code and title. A code can have
 * more than one title ({@code rate_limited} for a key and for an address's failed authentications);
 * the {@code HTTP_*} entries are refusals of the container or JAX-RS, titled with HTTP's reason
 * phrase as they always were.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid_request", "Invalid request"),
  MISSING_API_KEY(401, "missing_api_key", "API key required"),
  INVALID_API_KEY(401, "invalid_api_key", "Invalid API key"),
  API_KEY_DISABLED(401, "api_key_disabled", "API key disabled"),
  INSUFFICIENT_CREDITS(402, "insufficient_credits", "Insufficient credits"),
  BUDGET_EXCEEDED(402, "budget_exceeded", "Budget exceeded"),
  INSUFFICIENT_SCOPE(403, "insufficient_scope", "Insufficient scope"),
  PLAN_UPGRADE_REQUIRED(403, "plan_upgrade_required", "Plan upgrade required"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  ORG_FROZEN(403, "org_frozen", "Org frozen"),
  IP_NOT_ALLOWED(403, "ip_not_allowed", "Address not allowed"),
  INVALID_SIGNATURE(401, "invalid_signature", "Invalid signature"),
  LEAK_REPORTS_NOT_CONFIGURED(503, "leak_reports_not_configured", "Leak reports not configured"),
  SELF_REVIEW_FORBIDDEN(403, "self_review_forbidden", "Self-review forbidden"),
  REVIEWER_NOT_AUTHORIZED(403, "reviewer_not_authorized", "Reviewer not authorized"),
  NOT_FOUND(404, "not_found", "Not found"),
  IDEMPOTENCY_CONFLICT(409, "idempotency_conflict", "Idempotency key reused"),
  IDEMPOTENT_REPLAY_UNAVAILABLE(
      409, "idempotent_replay_unavailable", "Stored response not available for replay"),
  KEY_LIMIT_REACHED(409, "key_limit_reached", "Key limit reached"),
  KEY_ALREADY_ROTATED(409, "key_already_rotated", "Key already rotated"),
  KEY_REVOKED(409, "key_revoked", "Key revoked"),
  WEBHOOK_DESTINATION_REFUSED(400, "webhook_destination_refused", "Webhook destination refused"),
  WEBHOOK_ENDPOINT_LIMIT_REACHED(
      409, "webhook_endpoint_limit_reached", "Webhook endpoint limit reached"),
  WEBHOOKS_NOT_CONFIGURED(503, "webhooks_not_configured", "Webhooks not configured"),
  TRIAGE_ITEM_RESOLVED(409, "triage_item_resolved", "Triage item already resolved"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
  RATE_LIMITED(429, "rate_limited", "Rate limit reached"),
  FAILED_AUTHENTICATIONS(429, "rate_limited", "Too many failed authentications"),
  CONCURRENCY_LIMITED(429, "concurrency_limited", "Too many concurrent requests"),
  INTERNAL_ERROR(500, "internal_error", "Internal error"),
  CIRCUIT_OPEN(503, "circuit_open", "Circuit open"),
  SERVER_BUSY(503, "server_busy", "Server busy"),

  HTTP_BAD_REQUEST(400, "invalid_request", "Bad Request"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  HTTP_NOT_FOUND(404, "not_found", "Not Found"),
  HTTP_METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method Not Allowed"),
  HTTP_NOT_ACCEPTABLE(406, "not_acceptable", "Not Acceptable"),
  HTTP_PAYLOAD_TOO_LARGE(413, "payload_too_large", "Request Entity Too Large"),
  HTTP_UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported Media Type"),
  HTTP_INTERNAL_ERROR(500, "internal_error", "Internal Server Error");

  private final int status;
  private final String code;
  private final String title;

  ProblemType(int status, String code, String title) {
    this.status = status;
    this.code = code;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  /** The container's or JAX-RS's refusal of this status, if the catalogue names it. */
  public static Optional<ProblemType> http(int status) {
    return Optional.ofNullable(
        switch (status) {
          case 400 -> HTTP_BAD_REQUEST;
          case 401 -> UNAUTHORIZED;
          case 403 -> FORBIDDEN;
          case 404 -> HTTP_NOT_FOUND;
          case 405 -> HTTP_METHOD_NOT_ALLOWED;
          case 406 -> HTTP_NOT_ACCEPTABLE;
          case 413 -> HTTP_PAYLOAD_TOO_LARGE;
          case 415 -> HTTP_UNSUPPORTED_MEDIA_TYPE;
          case 500 -> HTTP_INTERNAL_ERROR;
          default -> null;
        });
  }
}
