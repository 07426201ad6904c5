package tech.eclips.workforce.openapi.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tech.eclips.workforce.Authenticated;
import tech.eclips.workforce.RateLimited;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.TenantBound;
import tech.eclips.workforce.bulkheads.boundary.Bulkheaded;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.boundary.ScopeInterceptor;

/**
 * What the annotations of one resource method make the server do before the method runs: the same
 * annotations the interceptors and the container act on, read the same way (a method's own
 * annotation wins over its class's, those a binding such as {@code @PublicApi} carries count as its
 * bearer's: {@link Ring#binding}).
 *
 * @param apiKey {@code @Authenticated}: an API key is required
 * @param scope the key scope it needs ({@link RequiresScope#ANY} for any), when {@code apiKey}
 * @param roles the JWT roles admitted ({@code @RolesAllowed}); empty when none are declared
 * @param rateLimited {@code @RateLimited}: 429 and the RateLimit fields
 * @param takesBody it consumes a request body (so 413 and 415 can answer)
 * @param idempotent it takes an Idempotency-Key ({@code @Idempotent}, or a header parameter of its
 *     own as runs have), so 409 idempotency_conflict can answer
 * @param revealsSecret {@code @Idempotent(revealsSecret = true)}: a replay is 409
 *     idempotent_replay_unavailable, the secret being shown once
 * @param sharesPools {@code @TenantBound} or {@code @Bulkheaded}: it takes the org's share of a
 *     shared pool (so 429 concurrency_limited and 503 server_busy can answer)
 */
record Guards(
    boolean apiKey,
    String scope,
    List<String> roles,
    boolean rateLimited,
    boolean takesBody,
    boolean idempotent,
    boolean revealsSecret,
    boolean sharesPools) {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  static Guards of(Method method) {
    RequiresScope scope = annotation(method, RequiresScope.class);
    RolesAllowed roles = annotation(method, RolesAllowed.class);
    Idempotent idempotent = annotation(method, Idempotent.class);
    return new Guards(
        annotation(method, Authenticated.class) != null,
        scope == null ? null : ScopeInterceptor.code(scope),
        roles == null ? List.of() : List.of(roles.value()),
        annotation(method, RateLimited.class) != null,
        annotation(method, Consumes.class) != null,
        idempotent != null
            || Stream.of(method.getParameters())
                .map(p -> p.getAnnotation(HeaderParam.class))
                .anyMatch(h -> h != null && h.value().equalsIgnoreCase(IDEMPOTENCY_KEY)),
        idempotent != null && idempotent.revealsSecret(),
        annotation(method, TenantBound.class) != null
            || annotation(method, Bulkheaded.class) != null);
  }

  /** The scopes a security requirement lists: none for "any scope". */
  List<String> requiredScopes() {
    return Optional.ofNullable(scope).filter(s -> !s.equals(RequiresScope.ANY)).stream().toList();
  }

  private static <A extends Annotation> A annotation(Method method, Class<A> kind) {
    return Ring.binding(method, kind);
  }
}
