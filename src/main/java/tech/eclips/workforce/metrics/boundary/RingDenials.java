package tech.eclips.workforce.metrics.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.requests.control.V1;

/**
 * Counts /v1 refusals of the ring's steps by problem code. Only the ring's own codes: other errors
 * (a 404, a bad body) are not denials and are counted by status alone.
 */
@Provider
public class RingDenials implements ContainerResponseFilter {

  /** Authenticate, scope, rate limit (per key or address), plan, trust gate, credit meter. */
  static final Set<String> RING_CODES =
      Set.of(
          "missing_api_key",
          "invalid_api_key",
          "insufficient_scope",
          "rate_limited",
          "plan_upgrade_required",
          "circuit_open",
          "insufficient_credits",
          "budget_exceeded");

  @Inject Meters meters;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (out.getStatus() < 400
        || !(out.getEntity() instanceof JsonObject body)
        || !(body.get("code") instanceof JsonString code)
        || !RING_CODES.contains(code.getString())
        || !V1.matches(in)) {
      return;
    }
    meters.denial(code.getString());
  }
}
