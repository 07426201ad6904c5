package tech.eclips.workforce.idempotency.boundary;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation takes an {@code Idempotency-Key} (CONTRACT §6, §11): the same key with the same
 * request within 24 hours answers the first reply again ({@code Idempotent-Replayed: true}) without
 * running the method, a different request is 409 {@code idempotency_conflict}. {@link
 * IdempotentInterceptor} claims the key in the method's own transaction, after the tenant is bound,
 * so the stored reply commits or rolls back with the operation's writes.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {

  /**
   * The reply shows a secret (a new API key, a webhook signing secret), which is never stored: its
   * replay is 409 {@code idempotent_replay_unavailable} with the {@code Location} of what the first
   * request made.
   */
  @Nonbinding
  boolean revealsSecret() default false;

  /**
   * The method runs without a transaction and makes its change through a boundary that starts one
   * (an upload, staged first): that boundary's method carries {@code @Idempotent} and claims the
   * key there; here the interceptor only checks the key's form.
   */
  @Nonbinding
  boolean claimedByCallee() default false;
}
