package tech.eclips.workforce.ratelimit.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.control.Caller;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.control.EffectiveLimit;
import tech.eclips.workforce.ratelimit.control.KeyLimiters;
import tech.eclips.workforce.ratelimit.control.RateDecision;
import tech.eclips.workforce.requests.control.RequestContext;

@RateLimited
@Interceptor
@Priority(Ring.RATE_LIMIT)
public class RateLimitInterceptor {

  @Inject RequestContext request;
  @Inject KeyLimiters limiters;
  @Inject PlanPolicy plans;
  @Inject Meters meters;

  @AroundInvoke
  public Object limit(InvocationContext invocation) throws Exception {
    Caller who = request.caller();
    int perMinute =
        EffectiveLimit.perMinute(who.keyRateLimit(), plans.requestsPerMinute(who.plan()));
    RateDecision decision = limiters.acquire(who.keyId(), perMinute);
    request.rateLimit(decision);
    if (!decision.allowed()) {
      meters.rateLimited("per_key");
      throw Problems.rateLimited(decision.secondsToReset());
    }
    return invocation.proceed();
  }
}
