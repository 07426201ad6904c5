package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.bulkheads.boundary.BulkheadInterceptor;
import tech.eclips.workforce.keys.boundary.AuthenticatedInterceptor;
import tech.eclips.workforce.keys.boundary.ScopeInterceptor;
import tech.eclips.workforce.plans.boundary.PlanGateInterceptor;
import tech.eclips.workforce.ratelimit.boundary.RateLimitInterceptor;
import tech.eclips.workforce.tenancy.boundary.TenantBoundInterceptor;

class RingTest {

  @Test
  void interceptorsRunInTheContractsOrderSpacedByTen() {
    List<Class<?>> contractOrder =
        List.of(
            AuthenticatedInterceptor.class,
            ScopeInterceptor.class,
            RateLimitInterceptor.class,
            PlanGateInterceptor.class,
            TenantBoundInterceptor.class);
    int previous = Integer.MIN_VALUE;
    for (Class<?> interceptor : contractOrder) {
      int priority = interceptor.getAnnotation(Priority.class).value();
      assertTrue(priority > previous, interceptor.getSimpleName() + " runs out of order");
      previous = priority;
    }
    assertEquals(Ring.SCOPE - Ring.AUTHENTICATE, 10);
    assertEquals(Ring.PLAN_GATE - Ring.RATE_LIMIT, 10);
    assertEquals(Ring.TENANT - Ring.PLAN_GATE, 10);
    assertTrue(Ring.TENANT < Ring.TRUST_GATE && Ring.TRUST_GATE < Ring.CREDIT_METER);
    assertTrue(Ring.CREDIT_METER < Ring.AUDIT);
  }

  /** After the rate limit and the plan gate, before tenant binding takes a connection. */
  @Test
  void bulkheadsComeBeforeAConnectionIsTaken() {
    int bulkhead = BulkheadInterceptor.class.getAnnotation(Priority.class).value();
    assertEquals(Ring.BULKHEAD, bulkhead);
    assertTrue(Ring.PLAN_GATE < bulkhead && bulkhead < Ring.TENANT);
  }
}
