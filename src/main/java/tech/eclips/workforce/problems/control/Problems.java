package tech.eclips.workforce.problems.control;

import java.util.List;
import java.util.Map;

/**
 * The contract's problems (CONTRACT §5), one factory each, so codes and titles live in one place.
 */
public final class Problems {

  private static final String REALM = "Bearer realm=\"eclips\"";

  private Problems() {}

  public static ApiProblem invalidRequest(List<FieldError> errors) {
    return new ApiProblem(
        ProblemType.INVALID_REQUEST,
        "The request has " + errors.size() + " invalid field(s).",
        errors,
        Map.of());
  }

  public static ApiProblem invalidRequest(String field, String message) {
    return invalidRequest(List.of(new FieldError(field, message)));
  }

  public static ApiProblem malformedBody(String detail) {
    return new ApiProblem(ProblemType.INVALID_REQUEST, detail);
  }

  public static ApiProblem missingApiKey() {
    return new ApiProblem(
        ProblemType.MISSING_API_KEY,
        "Send your API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
        List.of(),
        Map.of("WWW-Authenticate", REALM));
  }

  /**
   * 401 for the console and platform APIs' JWT (RFC 6750 §3: no error code when the request carried
   * no credentials at all).
   */
  public static ApiProblem tokenRequired(boolean credentialsSent) {
    return new ApiProblem(
        ProblemType.UNAUTHORIZED,
        credentialsSent
            ? "The token is not valid: wrong signature, issuer or audience, or expired."
            : "Authentication is required: send a JWT as 'Authorization: Bearer <token>'.",
        List.of(),
        Map.of("WWW-Authenticate", credentialsSent ? REALM + ", error=\"invalid_token\"" : REALM));
  }

  public static ApiProblem invalidApiKey() {
    return new ApiProblem(
        ProblemType.INVALID_API_KEY,
        "The API key is malformed, unknown, revoked or expired.",
        List.of(),
        Map.of("WWW-Authenticate", REALM + ", error=\"invalid_token\""));
  }

  /** A disabled key: live otherwise, so an org admin can enable it again. */
  public static ApiProblem apiKeyDisabled() {
    return new ApiProblem(
        ProblemType.API_KEY_DISABLED,
        "This API key is disabled; an org admin can enable it again.",
        List.of(),
        Map.of("WWW-Authenticate", REALM + ", error=\"invalid_token\""));
  }

  public static ApiProblem insufficientScope(String scope) {
    return new ApiProblem(
        ProblemType.INSUFFICIENT_SCOPE,
        "This API key lacks the scope '" + scope + "'.",
        List.of(),
        Map.of(
            "WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + scope + "\""));
  }

  public static ApiProblem planUpgradeRequired(String plan) {
    return new ApiProblem(
        ProblemType.PLAN_UPGRADE_REQUIRED,
        "The '" + plan + "' plan has no public API access; upgrade to team or above.");
  }

  /** Every key of the org (of this key's mode) is frozen by an org admin. */
  public static ApiProblem orgFrozen(String mode) {
    return new ApiProblem(
        ProblemType.ORG_FROZEN,
        "An org admin froze every " + mode + " key of this org; no request with it is served.");
  }

  /** The key's allow-list (or its quarantine's pin) does not hold the client's address. */
  public static ApiProblem ipNotAllowed() {
    return new ApiProblem(
        ProblemType.IP_NOT_ALLOWED, "This API key may not be used from this client address.");
  }

  /** A leak report without a valid signature of a configured reporter key. */
  public static ApiProblem invalidSignature() {
    return new ApiProblem(
        ProblemType.INVALID_SIGNATURE,
        "The report's signature is missing or does not verify with a configured reporter key.");
  }

  public static ApiProblem leakReportsNotConfigured() {
    return new ApiProblem(
        ProblemType.LEAK_REPORTS_NOT_CONFIGURED,
        "No reporter keys are configured (ECLIPS_KEYS_LEAK_REPORTS_PUBLIC_KEYS_FILE).");
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(ProblemType.FORBIDDEN, detail);
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(ProblemType.NOT_FOUND, "No such " + what + ".");
  }

  public static ApiProblem keyLimitReached(int activeKeys) {
    return new ApiProblem(
        ProblemType.KEY_LIMIT_REACHED,
        "This organization's plan allows "
            + activeKeys
            + " active API keys; revoke one before creating another.");
  }

  /**
   * The key to rotate is no longer active: another rotation got there first (its successor is the
   * one), or it was revoked. The same answer whether this request saw it first or lost the race.
   */
  public static ApiProblem keyAlreadyRotated() {
    return new ApiProblem(
        ProblemType.KEY_ALREADY_ROTATED,
        "This API key was already rotated or revoked; a rotated key's successor is in the key list.");
  }

  /** A revoked (or expired and rotated away) key cannot be changed, disabled or enabled. */
  public static ApiProblem keyRevoked() {
    return new ApiProblem(
        ProblemType.KEY_REVOKED, "This API key is revoked; it can no longer be changed.");
  }

  /** The URL points where no webhook may go (loopback, private, link-local, metadata …). */
  public static ApiProblem webhookDestinationRefused(String why) {
    return new ApiProblem(
        ProblemType.WEBHOOK_DESTINATION_REFUSED,
        "Webhooks are not delivered there: "
            + why
            + ". Use a public https address; an operator can allow-list internal receivers.");
  }

  public static ApiProblem webhookEndpointLimitReached(int max) {
    return new ApiProblem(
        ProblemType.WEBHOOK_ENDPOINT_LIMIT_REACHED,
        "An organization may register at most " + max + " webhook endpoints; delete one first.");
  }

  /** Production without a webhook secret key: secrets would have nothing to be sealed under. */
  public static ApiProblem webhooksNotConfigured() {
    return new ApiProblem(
        ProblemType.WEBHOOKS_NOT_CONFIGURED,
        "Webhooks are not configured on this server (ECLIPS_WEBHOOKS_SECRET_KEY); ask its operator.");
  }

  public static ApiProblem payloadTooLarge(long maxBytes) {
    return new ApiProblem(
        ProblemType.PAYLOAD_TOO_LARGE, "The request body may be at most " + maxBytes + " bytes.");
  }

  /**
   * 413 for a body we stopped reading: the rest of it is still on the wire, so the connection
   * cannot carry another request and is closed.
   */
  public static ApiProblem payloadTooLargeUnread(long maxBytes) {
    return new ApiProblem(
        ProblemType.PAYLOAD_TOO_LARGE,
        "The request body may be at most " + maxBytes + " bytes.",
        List.of(),
        Map.of("Connection", "close"));
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
  }

  public static ApiProblem rateLimited(long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.RATE_LIMITED,
        "This API key made too many requests; retry after " + retryAfterSeconds + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public static ApiProblem triageItemResolved(String status) {
    return new ApiProblem(
        ProblemType.TRIAGE_ITEM_RESOLVED,
        "This triage item was already resolved (" + status + "); a decision cannot be changed.");
  }

  public static ApiProblem circuitOpen(String agentType, long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.CIRCUIT_OPEN,
        "Runs of "
            + agentType
            + " failed repeatedly, so new runs are paused; retry after "
            + retryAfterSeconds
            + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public static ApiProblem tooManyFailedAuthentications(long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.FAILED_AUTHENTICATIONS,
        "Too many requests from this address failed to authenticate; retry after "
            + retryAfterSeconds
            + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /**
   * Segregation of duties (CONTRACT §11): a key never reviews what it (or its rotation) submitted.
   */
  public static ApiProblem selfReviewForbidden() {
    return new ApiProblem(
        ProblemType.SELF_REVIEW_FORBIDDEN,
        "This API key submitted the run (or was rotated from or into the key that did), so it"
            + " cannot resolve its triage item; another key or a console user must review it.");
  }

  /** An amount above the org's review threshold needs an org admin (CONTRACT §11). */
  public static ApiProblem reviewerNotAuthorized(java.math.BigDecimal threshold) {
    return new ApiProblem(
        ProblemType.REVIEWER_NOT_AUTHORIZED,
        "This result's total is above the organization's review threshold of "
            + threshold.toPlainString()
            + "; only an org admin can resolve it, in the console.");
  }

  /**
   * 429 for a console or platform limit: {@code whose} names it ("this user", "this organization",
   * "this organization's audit scans").
   */
  public static ApiProblem rateLimitedFor(String whose, long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.RATE_LIMITED,
        "The per-minute limit of "
            + whose
            + " is reached; retry after "
            + retryAfterSeconds
            + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** The org already uses its whole share of a shared pool (CONTRACT §11): its own doing. */
  public static ApiProblem concurrencyLimited(String what, int share, long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.CONCURRENCY_LIMITED,
        "Your organization already has "
            + share
            + " "
            + what
            + " in progress, its share of the server; retry after "
            + retryAfterSeconds
            + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** The server's whole capacity for some work is in use: nobody's fault, try again soon. */
  public static ApiProblem serverBusy(long retryAfterSeconds) {
    return new ApiProblem(
        ProblemType.SERVER_BUSY,
        "The server is at capacity for this kind of request; retry after "
            + retryAfterSeconds
            + " s.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /**
   * The database rolled the request back for a conflict with another transaction (a deadlock, a
   * serialization failure): nothing was done and the same request again will most likely succeed.
   */
  public static ApiProblem conflictingTransaction() {
    return new ApiProblem(
        ProblemType.SERVER_BUSY,
        "A concurrent change got in the way and nothing was done; retry after 1 s.",
        List.of(),
        Map.of("Retry-After", "1"));
  }
}
