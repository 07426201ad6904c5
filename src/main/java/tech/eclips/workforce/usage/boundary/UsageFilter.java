package tech.eclips.workforce.usage.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Instant;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;
import tech.eclips.workforce.usage.control.UsageTally;

/**
 * Counts every /v1 request whose key resolved (allowed or not, revoked keys too) in its key's
 * usage, by the scope the endpoint needs: memory only, written by the next flush.
 */
@Provider
@Priority(Ring.RESPONSE_USAGE)
public class UsageFilter implements ContainerResponseFilter {

  @Inject RequestContext request;
  @Inject UsageTally tally;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (!V1.matches(in)) {
      return;
    }
    request
        .resolvedCaller()
        .ifPresent(
            who ->
                tally.note(
                    who.org(),
                    who.keyId(),
                    routeClass(),
                    out.getStatus(),
                    request.clientAddress(),
                    Instant.now()));
  }

  /** The scope the matched endpoint needs; {@code any} for every key, {@code none}: no endpoint. */
  private String routeClass() {
    if (resource == null || resource.getResourceMethod() == null) {
      return "none";
    }
    Method method = resource.getResourceMethod();
    RequiresScope guard = method.getAnnotation(RequiresScope.class);
    if (guard == null) {
      guard = resource.getResourceClass().getAnnotation(RequiresScope.class);
    }
    if (guard == null || guard.any() || guard.value().length == 0) {
      return "any";
    }
    return guard.value()[0].code();
  }
}
