package tech.eclips.workforce.ratelimit.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;

/**
 * Adds {@code RateLimit-Policy} and {@code RateLimit} to every response the rate-limit ring saw.
 */
@Provider
public class RateLimitFields implements ContainerResponseFilter {

  @Inject RequestContext request;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (!V1.matches(in)) {
      return;
    }
    request
        .rateLimit()
        .ifPresent(
            decision -> {
              out.getHeaders().putSingle("RateLimit-Policy", decision.policyField());
              out.getHeaders().putSingle("RateLimit", decision.limitField());
            });
  }
}
