package tech.eclips.workforce;

import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.ws.rs.Priorities;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The ring every /v1 request passes, in the order of CONTRACT §4; a request failing several checks
 * gets the error of the first one. Steps 1–5 are interceptor bindings whose priorities are these
 * constants, spaced by 10 so a step can go between two without renumbering; steps 6–8 depend on
 * what the request asks for, so the boundary that accepts the work calls them in this order inside
 * its transaction. The bindings of steps 1, 3, 4 and 5 live beside this class and reach every /v1
 * resource through the interceptor binding {@link PublicApi} (CDI's transitive bindings), those of
 * steps 3 and 5 every console resource through {@link ConsoleApi}; the scope (step 2) stays on each
 * resource or method.
 *
 * <ol>
 *   <li>{@link #AUTHENTICATE} — {@code @Authenticated}, {@code
 *       keys.boundary.AuthenticatedInterceptor}: the key resolves to an org, a mode and scopes; a
 *       live key its org contained (a frozen mode, an address outside its allow-list or quarantine
 *       pin) is refused here too, from the same cached record (403, no failed authentication).
 *   <li>{@link #SCOPE} — {@code @RequiresScope}, {@code keys.boundary.ScopeInterceptor}.
 *   <li>{@link #RATE_LIMIT} — {@code @RateLimited}, {@code
 *       ratelimit.boundary.RateLimitInterceptor}: the per-key limit; on the console and platform
 *       APIs, whose JWT the servlet filter {@code identity.boundary.ConsoleAuthentication} already
 *       verified before any interceptor runs, the per-user and per-org limits at the same step.
 *   <li>{@link #PLAN_GATE} — {@code @PlanGated}, {@code plans.boundary.PlanGateInterceptor}.
 *   <li>{@link #TENANT} — {@code @TenantBound}, {@code tenancy.boundary.TenantBoundInterceptor}:
 *       the transaction is bound to the caller's org (EclipseLink tenant + RLS).
 *   <li>{@link #TRUST_GATE} — {@code breakers.control.CircuitBreakers#admit} when a run is accepted
 *       (503 {@code circuit_open}); {@code trust.control.TrustGate} when its result exists
 *       (supervised, guarded, autonomous: to triage or not).
 *   <li>{@link #CREDIT_METER} — {@code credits.control.Credits#debit}, in the accepting
 *       transaction.
 *   <li>{@link #AUDIT} — {@code audit.control.AuditTrail} in the transaction of every change;
 *       {@code audit.boundary.RequestAudit} for every other request whose key resolved, allowed or
 *       denied.
 * </ol>
 */
public final class Ring {

  public static final int AUTHENTICATE = Interceptor.Priority.APPLICATION;
  public static final int SCOPE = AUTHENTICATE + 10;
  public static final int RATE_LIMIT = SCOPE + 10;
  public static final int PLAN_GATE = RATE_LIMIT + 10;
  public static final int TENANT = PLAN_GATE + 10;
  public static final int TRUST_GATE = TENANT + 10;
  public static final int CREDIT_METER = TRUST_GATE + 10;
  public static final int AUDIT = CREDIT_METER + 10;

  /**
   * Between the plan gate and tenant binding: {@code @Bulkheaded}, {@code
   * bulkheads.boundary.BulkheadInterceptor}, the org's share of a shared pool (uploads, downloads,
   * accepts). After the rate limit, so a refused key costs nothing here; before the tenant is
   * bound, so a request over its org's share never takes a database connection.
   */
  public static final int BULKHEAD = PLAN_GATE + 5;

  /**
   * Right after tenant binding, before anything the operation changes: {@code @Idempotent}, {@code
   * idempotency.boundary.IdempotentInterceptor}, claims the request's Idempotency-Key in the
   * method's transaction (so its stored reply commits with the operation's own writes) or replays
   * the first reply without running the method again. After the guards, so a refused request never
   * claims a key.
   */
  public static final int IDEMPOTENCY = TENANT + 5;

  /**
   * The servlet filters every request meets before JAX-RS, in the order web.xml declares them (the
   * only place they are declared; {@code RingTest} holds the two together): request metrics around
   * everything, then the request id every answer carries, HSTS, the size and text bounds before any
   * body is read, and the console's and platform's JWT check on their paths only.
   */
  public static final List<String> FILTERS =
      List.of(
          "metrics.boundary.RequestMetrics",
          "requests.boundary.RequestIds",
          "transport.boundary.StrictTransport",
          "limits.boundary.RequestBounds",
          "identity.boundary.ConsoleAuthentication");

  /**
   * The response filters, after the resource or a ring step answered. JAX-RS runs response filters
   * in descending priority: the rate-limit fields first ({@code
   * ratelimit.boundary.RateLimitFields}) and their credits item ({@code
   * credits.boundary.CreditFields}), then the ring-denial counters ({@code
   * metrics.boundary.RingDenials}), then the audit entry of a request whose key resolved ({@code
   * audit.boundary.RequestAudit}), which sees the answer as the client will.
   */
  public static final int RESPONSE_FIELDS = Priorities.HEADER_DECORATOR + 20;

  /**
   * Right after the rate-limit fields: {@code credits.boundary.CreditFields} appends the org's
   * credits as the last item of the same two fields on /v1.
   */
  public static final int RESPONSE_CREDIT_FIELDS = RESPONSE_FIELDS - 5;

  public static final int RESPONSE_METRICS = Priorities.HEADER_DECORATOR + 10;
  public static final int RESPONSE_AUDIT = Priorities.HEADER_DECORATOR;

  /**
   * Beside the audit entry, on the same finished answer: {@code usage.boundary.UsageFilter} counts
   * the request for its key's usage rollup (issue 25).
   */
  public static final int RESPONSE_USAGE = RESPONSE_AUDIT + 5;

  /**
   * The binding of this kind a resource method carries, as the container applies it: on the method
   * itself, on its class, or through a binding that carries it ({@link PublicApi}, {@link
   * ConsoleApi}) on either; the method's own wins. {@code null} when it carries none.
   */
  public static <A extends Annotation> A binding(Method method, Class<A> kind) {
    for (AnnotatedElement where : List.of(method, method.getDeclaringClass())) {
      A own = where.getAnnotation(kind);
      if (own != null) {
        return own;
      }
      for (Annotation annotation : where.getAnnotations()) {
        Class<? extends Annotation> type = annotation.annotationType();
        if (type.isAnnotationPresent(InterceptorBinding.class) && type.isAnnotationPresent(kind)) {
          return type.getAnnotation(kind);
        }
      }
    }
    return null;
  }

  private Ring() {}
}
