package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.RequestContext;

@RequiresScope("")
@Interceptor
@Priority(Ring.SCOPE)
public class ScopeInterceptor {

  @Inject RequestContext request;

  @AroundInvoke
  public Object checkScope(InvocationContext invocation) throws Exception {
    String required = requiredScope(invocation);
    if (!RequiresScope.ANY.equals(required) && !request.caller().has(scope(required))) {
      throw Problems.insufficientScope(required);
    }
    return invocation.proceed();
  }

  static String requiredScope(InvocationContext invocation) {
    RequiresScope onMethod = invocation.getMethod().getAnnotation(RequiresScope.class);
    RequiresScope annotation =
        onMethod != null
            ? onMethod
            : invocation.getMethod().getDeclaringClass().getAnnotation(RequiresScope.class);
    return annotation.value();
  }

  private static Scope scope(String code) {
    return Scope.fromCode(code)
        .orElseThrow(() -> new IllegalStateException("@RequiresScope names no scope: " + code));
  }
}
