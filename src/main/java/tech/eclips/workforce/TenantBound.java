package tech.eclips.workforce;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Ring step 5: the method's transaction is bound to the caller's org (EclipseLink tenant and
 * PostgreSQL RLS) before the method runs. The org is the API key's on /v1 and the token's {@code
 * org_id} on /console; there is no way to name another ({@code
 * tenancy.boundary.TenantBoundInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantBound {}
