package tech.eclips.workforce.idempotency.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * {@code Idempotent-Replayed: true} on a replay, whatever the method returns (a JSON object has no
 * headers of its own) and on the problem that says a reply cannot be given again.
 */
@Provider
@Priority(Ring.RESPONSE_FIELDS)
public class ReplayedHeader implements ContainerResponseFilter {

  @Inject RequestContext request;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (request.replayed()) {
      out.getHeaders().putSingle("Idempotent-Replayed", "true");
    }
  }
}
