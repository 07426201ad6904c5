package tech.eclips.workforce.plans.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import tech.eclips.workforce.PlanGated;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.RequestContext;

@PlanGated
@Interceptor
@Priority(Ring.PLAN_GATE)
public class PlanGateInterceptor {

  @Inject RequestContext request;
  @Inject PlanPolicy policy;

  @AroundInvoke
  public Object checkPlan(InvocationContext invocation) throws Exception {
    Plan plan = request.caller().plan();
    if (!policy.publicApi(plan)) {
      throw Problems.planUpgradeRequired(plan.code());
    }
    return invocation.proceed();
  }
}
