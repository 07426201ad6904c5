package tech.eclips.workforce.metrics.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.EnumSet;
import java.util.Set;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;

/**
 * Counts /v1 refusals of the ring's steps by problem code. Only the ring's own problems: other
 * errors (a 404, a bad body) are not denials and are counted by status alone.
 */
@Provider
@Priority(Ring.RESPONSE_METRICS)
public class RingDenials implements ContainerResponseFilter {

  /** Authenticate, scope, rate limit (per key or address), plan, trust gate, credit meter. */
  static final Set<ProblemType> RING_PROBLEMS =
      EnumSet.of(
          ProblemType.MISSING_API_KEY,
          ProblemType.INVALID_API_KEY,
          ProblemType.API_KEY_DISABLED,
          ProblemType.INSUFFICIENT_SCOPE,
          ProblemType.RATE_LIMITED,
          ProblemType.FAILED_AUTHENTICATIONS,
          ProblemType.PLAN_UPGRADE_REQUIRED,
          ProblemType.CIRCUIT_OPEN,
          ProblemType.INSUFFICIENT_CREDITS,
          ProblemType.BUDGET_EXCEEDED);

  @Inject RequestContext request;
  @Inject Meters meters;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    request
        .problem()
        .filter(problem -> problem.type().filter(RING_PROBLEMS::contains).isPresent())
        .filter(problem -> V1.matches(in))
        .map(ApiProblem::code)
        .ifPresent(meters::denial);
  }
}
