package tech.eclips.workforce.audit.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;

/**
 * The ring's last step for every /v1 request whose key resolved to an org: one audit entry, allowed
 * or denied with the first failing check's code. Writes audit themselves in their transaction;
 * everything else goes through the group commit ({@link AuditQueue}), and 401s, 403s and 429s are
 * summarised per key, code and minute, except a quarantined key's: each of its calls is an entry of
 * its own (address, user agent, request line, path), its successes coded {@code quarantined}.
 */
@Provider
@Priority(Ring.RESPONSE_AUDIT)
public class RequestAudit implements ContainerResponseFilter {

  /** Denials a leaked or misused key can repeat at will: one entry per key, code and minute. */
  private static final java.util.Set<Integer> SUMMARISED = java.util.Set.of(401, 403, 429);

  @Inject RequestContext request;
  @Inject AuditEvents events;
  @Inject AuditQueue queue;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (!V1.matches(in) || (request.audited() && out.getStatus() < 400)) {
      return;
    }
    request.resolvedCaller().ifPresent(who -> record(who, in, out));
  }

  private void record(Caller who, ContainerRequestContext in, ContainerResponseContext out) {
    boolean allowed = out.getStatus() < 400;
    boolean quarantined = who.containment().quarantined();
    String code = allowed ? (quarantined ? "quarantined" : null) : problemCode(out);
    AuditEvent event =
        events.request(
            who,
            action(in),
            "api",
            in.getUriInfo().getPath(),
            allowed ? AuditOutcome.ALLOWED : AuditOutcome.DENIED,
            code);
    if (SUMMARISED.contains(out.getStatus()) && !quarantined) {
      queue.summarised(who.org(), who.keyId().toString(), event);
    } else {
      queue.enqueue(who.org(), event);
    }
  }

  /**
   * "GET /v1/agents/runs/{id}": the method and the matched template, never ids or the query string.
   */
  private String action(ContainerRequestContext in) {
    if (resource == null || resource.getResourceClass() == null) {
      return in.getMethod() + " (no such endpoint)";
    }
    jakarta.ws.rs.Path type = resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class);
    jakarta.ws.rs.Path method =
        resource.getResourceMethod().getAnnotation(jakarta.ws.rs.Path.class);
    return in.getMethod() + " /" + type.value() + (method == null ? "" : "/" + method.value());
  }

  /** The code of the problem the request was answered with; a bare status otherwise. */
  private String problemCode(ContainerResponseContext out) {
    return request.problem().map(ApiProblem::code).orElse("http_" + out.getStatus());
  }
}
