package tech.eclips.workforce.ratelimit.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.control.ConsoleLimits;
import tech.eclips.workforce.requests.control.RateDecision;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The lower, per-org limits of calls whose work grows with the org's audit log (CONTRACT §11),
 * charged on top of {@code @RateLimited} by the resource once it knows the call is costly: a
 * filtered list is, a plain page is not. Refused: 429 {@code rate_limited}, and the RateLimit
 * fields name the policy.
 */
@Dependent
public class CostlyCalls {

  @Inject ConsoleLimits limits;
  @Inject RequestContext request;
  @Inject Meters meters;

  /** A walk of the whole log: verify, export. */
  public void auditScan(OrgId org) {
    charge(limits.auditScan(org.value()), "this organization's audit scans (verify, export)");
  }

  /** A page of the log filtered by action or time. */
  public void auditQuery(OrgId org) {
    charge(limits.auditQuery(org.value()), "this organization's filtered audit queries");
  }

  private void charge(RateDecision decision, String whose) {
    request.alsoRateLimited(decision);
    if (!decision.allowed()) {
      meters.rateLimited(decision.policy().replace('-', '_'));
      throw Problems.rateLimitedFor(whose, decision.secondsToReset());
    }
  }
}
