package tech.eclips.workforce.bulkheads.boundary;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import tech.eclips.workforce.bulkheads.control.Kind;

/**
 * The method uses a pool that orgs share: it runs only within the caller's org's share of {@link
 * #value} (429 {@code concurrency_limited} beyond it) and the server's capacity (503 {@code
 * server_busy}). The permit is held until the response has been written, so a download's body
 * counts as long as it streams.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Bulkheaded {

  @Nonbinding
  Kind value();
}
