package tech.eclips.workforce.bulkheads.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.bulkheads.control.Admission;
import tech.eclips.workforce.bulkheads.control.ConcurrencyCaps;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.requests.control.RequestContext;

@Bulkheaded(Kind.UPLOADS)
@Interceptor
@Priority(Ring.BULKHEAD)
public class BulkheadInterceptor {

  @Inject RequestContext request;
  @Inject ConcurrencyCaps caps;
  @Inject HeldPermits permits;
  @Inject Meters meters;

  @AroundInvoke
  public Object admit(InvocationContext invocation) throws Exception {
    Kind kind = kindOf(invocation);
    Admission admission = caps.acquire(kind, request.caller().org());
    if (admission instanceof Admission.Admitted admitted) {
      permits.hold(admitted.permit());
      return invocation.proceed();
    }
    throw Refusals.problem(admission, meters);
  }

  private static Kind kindOf(InvocationContext invocation) {
    Bulkheaded onMethod = invocation.getMethod().getAnnotation(Bulkheaded.class);
    return onMethod != null
        ? onMethod.value()
        : invocation.getMethod().getDeclaringClass().getAnnotation(Bulkheaded.class).value();
  }
}
