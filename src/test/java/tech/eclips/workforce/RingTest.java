package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Priority;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.audit.boundary.RequestAudit;
import tech.eclips.workforce.bulkheads.boundary.BulkheadInterceptor;
import tech.eclips.workforce.credits.boundary.CreditFields;
import tech.eclips.workforce.idempotency.boundary.IdempotentInterceptor;
import tech.eclips.workforce.keys.boundary.AuthenticatedInterceptor;
import tech.eclips.workforce.keys.boundary.ScopeInterceptor;
import tech.eclips.workforce.metrics.boundary.RingDenials;
import tech.eclips.workforce.plans.boundary.PlanGateInterceptor;
import tech.eclips.workforce.ratelimit.boundary.RateLimitFields;
import tech.eclips.workforce.ratelimit.boundary.RateLimitInterceptor;
import tech.eclips.workforce.tenancy.boundary.TenantBoundInterceptor;
import tech.eclips.workforce.usage.boundary.UsageFilter;

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

  /** Idempotency-Keys are claimed once the tenant is bound, before the trust gate and the meter. */
  @Test
  void idempotencyClaimsInTheBoundTransaction() {
    int claim = IdempotentInterceptor.class.getAnnotation(Priority.class).value();
    assertEquals(Ring.IDEMPOTENCY, claim);
    assertTrue(Ring.TENANT < claim && claim < Ring.TRUST_GATE);
  }

  /** web.xml declares the filters in the order Ring names, and no filter declares itself. */
  @Test
  void servletFiltersAreDeclaredInRingsOrderAndOnlyInWebXml() throws Exception {
    String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"));
    List<String> declared = new ArrayList<>();
    Matcher filter = FILTER_CLASS.matcher(webXml);
    while (filter.find()) {
      declared.add(filter.group(1));
    }
    assertEquals(Ring.FILTERS, declared);
    List<String> mapped = new ArrayList<>();
    Matcher mapping = FILTER_MAPPING.matcher(webXml);
    while (mapping.find()) {
      mapped.add(mapping.group(1));
    }
    assertEquals(
        Ring.FILTERS.stream().map(name -> name.substring(name.lastIndexOf('.') + 1)).toList(),
        mapped,
        "filter-mapping order (the order the container runs them)");
    for (String name : Ring.FILTERS) {
      Class<?> type = Class.forName("tech.eclips.workforce." + name);
      assertTrue(HttpFilter.class.isAssignableFrom(type), name);
      assertFalse(type.isAnnotationPresent(WebFilter.class), name + " declares itself: unordered");
    }
  }

  /** Each response filter declares the priority Ring names for it. */
  @Test
  void responseFiltersRunInRingsOrder() {
    assertEquals(Ring.RESPONSE_FIELDS, priority(RateLimitFields.class));
    assertEquals(Ring.RESPONSE_CREDIT_FIELDS, priority(CreditFields.class));
    assertTrue(Ring.RESPONSE_FIELDS > Ring.RESPONSE_CREDIT_FIELDS, "credits is the last item");
    assertTrue(Ring.RESPONSE_CREDIT_FIELDS > Ring.RESPONSE_METRICS);
    assertEquals(Ring.RESPONSE_METRICS, priority(RingDenials.class));
    assertEquals(Ring.RESPONSE_AUDIT, priority(RequestAudit.class));
    assertTrue(Ring.RESPONSE_FIELDS > Ring.RESPONSE_METRICS);
    assertTrue(Ring.RESPONSE_METRICS > Ring.RESPONSE_AUDIT, "audit sees the finished answer");
    assertEquals(Ring.RESPONSE_USAGE, priority(UsageFilter.class));
    assertTrue(Ring.RESPONSE_METRICS > Ring.RESPONSE_USAGE, "usage sees the finished answer");
  }

  private static int priority(Class<?> type) {
    return type.getAnnotation(Priority.class).value();
  }

  private static final Pattern FILTER_CLASS =
      Pattern.compile("<filter-class>tech\\.eclips\\.workforce\\.([\\w.]+)</filter-class>");
  private static final Pattern FILTER_MAPPING =
      Pattern.compile("<filter-mapping>\\s*<filter-name>(\\w+)</filter-name>");
}
