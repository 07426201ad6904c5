package tech.eclips.workforce.openapi.boundary;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The responses an operation owes to its guards rather than to its own code: the refusals of the
 * ring and the container (components of META-INF/openapi.yaml), and the headers they put on every
 * answer. An operation's own refusals (402, 409, 503) are annotations on its method and win.
 */
final class Refusals {

  private Refusals() {}

  static void add(APIResponses responses, Guards guards, boolean namesAResource) {
    refusal(responses, "400", "BadRequest");
    if (guards.apiKey()) {
      refusal(responses, "401", "ApiKeyUnauthorized");
      refusal(responses, "403", "ApiKeyForbidden");
      // failed authentications are limited per address even where the key's limit is not
      refusal(responses, "429", "RateLimited");
    } else if (!guards.roles().isEmpty()) {
      refusal(responses, "401", "TokenUnauthorized");
      refusal(responses, "403", "RoleForbidden");
      if (guards.rateLimited()) {
        // per user and per org (CONTRACT §11)
        refusal(responses, "429", "RateLimited");
      }
    }
    if (namesAResource) {
      refusal(responses, "404", "NotFound");
    }
    if (guards.idempotent()) {
      refusal(responses, "409", "IdempotencyConflict");
    }
    if (guards.takesBody()) {
      refusal(responses, "413", "PayloadTooLarge");
      refusal(responses, "415", "UnsupportedMediaType");
    }
    if (guards.sharesPools()) {
      // the org's share of a shared pool (429 concurrency_limited, which the RateLimited component
      // names beside rate_limited) and the server's capacity (503) — docs/security.md, "Bulkheads"
      refusal(responses, "429", "RateLimited");
      refusal(responses, "503", "ServerBusy");
    }
    // any operation can meet a fault of its own (a database failure): documented, never expected
    refusal(responses, "500", "InternalError");
    headers(responses, guards);
  }

  private static void refusal(APIResponses responses, String status, String component) {
    if (!responses.hasAPIResponse(status)) {
      responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
    }
  }

  /**
   * Every answer names its request; a rate-limited key's successes also carry its quota. Refusals
   * by reference already have theirs in the component.
   */
  private static void headers(APIResponses responses, Guards guards) {
    responses
        .getAPIResponses()
        .forEach(
            (status, response) -> {
              if (response.getRef() != null) {
                return;
              }
              header(response, "X-Request-Id");
              if (guards.idempotent() && status.startsWith("2")) {
                header(response, "Idempotent-Replayed");
              }
              if (guards.rateLimited() && status.startsWith("2")) {
                header(response, "RateLimit");
                header(response, "RateLimit-Policy");
              }
            });
  }

  private static void header(APIResponse response, String name) {
    if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
      response.addHeader(name, OASFactory.createHeader().ref(name));
    }
  }
}
