package tech.eclips.workforce;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A /console/v1 resource: the per-user and per-org limits (ring step 3, after the servlet filter
 * {@code identity.boundary.ConsoleAuthentication} verified the token) and every transaction bound
 * to the token's org (step 5). The roles stay beside this as {@code @RolesAllowed}, on the class
 * and on each admin-only method.
 */
@InterceptorBinding
@RateLimited
@TenantBound
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConsoleApi {}
