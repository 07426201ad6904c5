package tech.eclips.workforce;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Ring 3: the caller is within its per-minute limits: on /v1 its key's; on the console its user's
 * and its org's; on the platform API its user's ({@code ratelimit.boundary.RateLimitInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {}
