package tech.eclips.workforce.ratelimit.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.RateLimited;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.control.ConsoleLimits;
import tech.eclips.workforce.ratelimit.control.EffectiveLimit;
import tech.eclips.workforce.ratelimit.control.KeyLimiters;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.RateDecision;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * A /v1 request is counted against its key's limit; a console or platform request (no key: a JWT
 * the servlet filter already verified) against its user's and, for the console, its org's.
 */
@RateLimited
@Interceptor
@Priority(Ring.RATE_LIMIT)
public class RateLimitInterceptor {

  @Inject RequestContext request;
  @Inject KeyLimiters limiters;
  @Inject ConsoleLimits consoleLimits;
  @Inject ConsoleUser user;
  @Inject PlanPolicy plans;
  @Inject Meters meters;

  @AroundInvoke
  public Object limit(InvocationContext invocation) throws Exception {
    Optional<Caller> key = request.authenticatedCaller();
    if (key.isPresent()) {
      perKey(key.get());
    } else {
      perUser();
    }
    return invocation.proceed();
  }

  private void perKey(Caller who) {
    int perMinute =
        EffectiveLimit.perMinute(who.keyRateLimit(), plans.requestsPerMinute(who.plan()));
    RateDecision decision = limiters.acquire(who.keyId(), perMinute);
    request.rateLimit(decision);
    if (!decision.allowed()) {
      meters.rateLimited("per_key");
      throw Problems.rateLimited(decision.secondsToReset());
    }
  }

  private void perUser() {
    List<RateDecision> decisions =
        consoleLimits.acquire(user.issuer(), user.subject(), user.namedOrg().map(OrgId::value));
    request.rateLimit(decisions.get(0));
    decisions.stream().skip(1).forEach(request::alsoRateLimited);
    RateDecision last = decisions.get(decisions.size() - 1);
    if (!last.allowed()) {
      boolean user = ConsoleLimits.PER_USER.equals(last.policy());
      meters.rateLimited(user ? "per_user" : "per_org");
      throw Problems.rateLimitedFor(
          user ? "this user" : "this organization", last.secondsToReset());
    }
  }
}
