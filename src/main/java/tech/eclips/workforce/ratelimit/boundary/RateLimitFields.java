package tech.eclips.workforce.ratelimit.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.stream.Collectors;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.requests.control.RateDecision;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;

/**
 * Adds {@code RateLimit-Policy} and {@code RateLimit} to every response the rate-limit ring saw:
 * one item per limit the request was counted against (a structured-field list).
 */
@Provider
@Priority(Ring.RESPONSE_FIELDS)
public class RateLimitFields implements ContainerResponseFilter {

  @Inject RequestContext request;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (!V1.matches(in) && !isConsoleOrPlatform(in.getUriInfo().getPath())) {
      return;
    }
    List<RateDecision> decisions = request.rateLimits();
    if (!decisions.isEmpty()) {
      out.getHeaders().putSingle("RateLimit-Policy", join(decisions, true));
      out.getHeaders().putSingle("RateLimit", join(decisions, false));
    }
  }

  private static boolean isConsoleOrPlatform(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return relative.startsWith("console/v1/") || relative.startsWith("platform/v1/");
  }

  private static String join(List<RateDecision> decisions, boolean policy) {
    return decisions.stream()
        .map(d -> policy ? d.policyField() : d.limitField())
        .collect(Collectors.joining(", "));
  }
}
