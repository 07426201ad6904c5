package tech.eclips.workforce.tenancy.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import tech.eclips.workforce.TenantBound;

/**
 * On a {@link TenantBound} method: the interceptor leaves the transaction unbound, and the method
 * binds the caller's org itself ({@link FirstUseBinding#enter}, which takes the org's share of the
 * connection pool first) before its first statement. For a method whose common case waits for work
 * done in another transaction (a coalesced accept) and should hold no connection meanwhile. Its
 * statements see no org data until it binds (RLS).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BindsTenantOnFirstUse {}
