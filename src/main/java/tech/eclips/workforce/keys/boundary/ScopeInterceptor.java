package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.RequestContext;

@RequiresScope
@Interceptor
@Priority(Ring.SCOPE)
public class ScopeInterceptor {

  @Inject RequestContext request;

  @AroundInvoke
  public Object checkScope(InvocationContext invocation) throws Exception {
    RequiresScope required = requiredScope(invocation.getMethod());
    if (!required.any()) {
      for (Scope scope : required.value()) {
        if (!request.caller().has(scope)) {
          throw Problems.insufficientScope(scope.code());
        }
      }
    }
    return invocation.proceed();
  }

  /** The method's own annotation, else its class's. */
  static RequiresScope requiredScope(Method method) {
    RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
    return onMethod != null
        ? onMethod
        : method.getDeclaringClass().getAnnotation(RequiresScope.class);
  }

  /** The scope as guards read as text name it: its code, or {@link RequiresScope#ANY}. */
  public static String code(RequiresScope required) {
    return required.any() ? RequiresScope.ANY : Scope.join(java.util.Set.of(required.value()));
  }
}
