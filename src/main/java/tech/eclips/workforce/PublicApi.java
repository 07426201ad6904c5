package tech.eclips.workforce;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A /v1 resource: ring steps 1, 3, 4 and 5 ({@link Ring}) on every method, so no resource has to
 * remember them. The scope (step 2) differs per resource and method, so {@code @RequiresScope}
 * stays beside this on the class or the method.
 */
@InterceptorBinding
@Authenticated
@RateLimited
@PlanGated
@TenantBound
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PublicApi {}
