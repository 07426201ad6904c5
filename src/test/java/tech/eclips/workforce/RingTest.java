package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Priority;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.bulkheads.boundary.BulkheadInterceptor;
import tech.eclips.workforce.keys.boundary.AuthenticatedInterceptor;
import tech.eclips.workforce.keys.boundary.ScopeInterceptor;
import tech.eclips.workforce.plans.boundary.PlanGateInterceptor;
import tech.eclips.workforce.ratelimit.boundary.RateLimitInterceptor;
import tech.eclips.workforce.tenancy.boundary.TenantBoundInterceptor;

class RingTest {

  /**
   * Each interceptor declares the priority its ring step names (not a number of its own), and the
   * steps run in CONTRACT's order: a priority changed on an interceptor, or two steps swapped in
   * Ring, fails here.
   */
  @Test
  void interceptorsRunInTheContractsOrder() {
    Map<Class<?>, Integer> contractOrder = new LinkedHashMap<>();
    contractOrder.put(AuthenticatedInterceptor.class, Ring.AUTHENTICATE);
    contractOrder.put(ScopeInterceptor.class, Ring.SCOPE);
    contractOrder.put(RateLimitInterceptor.class, Ring.RATE_LIMIT);
    contractOrder.put(PlanGateInterceptor.class, Ring.PLAN_GATE);
    contractOrder.put(TenantBoundInterceptor.class, Ring.TENANT);
    int previous = Integer.MIN_VALUE;
    for (Map.Entry<Class<?>, Integer> step : contractOrder.entrySet()) {
      int priority = step.getKey().getAnnotation(Priority.class).value();
      assertEquals(step.getValue(), priority, step.getKey().getSimpleName());
      assertTrue(priority > previous, step.getKey().getSimpleName() + " runs out of order");
      previous = priority;
    }
    assertTrue(previous < Ring.TRUST_GATE, "trust gates after tenant binding");
    assertTrue(Ring.TRUST_GATE < Ring.CREDIT_METER && Ring.CREDIT_METER < Ring.AUDIT);
  }

  /** After the rate limit and the plan gate, before tenant binding takes a connection. */
  @Test
  void bulkheadsComeBeforeAConnectionIsTaken() {
    int bulkhead = BulkheadInterceptor.class.getAnnotation(Priority.class).value();
    assertEquals(Ring.BULKHEAD, bulkhead);
    assertTrue(Ring.PLAN_GATE < bulkhead && bulkhead < Ring.TENANT);
  }
}
