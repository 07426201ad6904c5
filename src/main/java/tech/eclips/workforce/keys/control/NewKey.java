package tech.eclips.workforce.keys.control;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;

/**
 * A valid request for a new key: {@code {name, mode, scopes, rate_limit_per_minute?, expires_at?}}.
 */
public record NewKey(
    String name, KeyMode mode, Set<Scope> scopes, Integer rateLimitPerMinute, Instant expiresAt) {

  static final Set<String> FIELDS =
      Set.of("name", "mode", "scopes", "rate_limit_per_minute", "expires_at");

  public static NewKey from(String body, int planLimitPerMinute, Instant now) {
    JsonRequest json = JsonRequest.parse(body, FIELDS);
    Optional<String> name = json.requiredString("name", 200);
    Optional<KeyMode> mode =
        json.requiredString("mode", 10)
            .flatMap(
                m -> KeyMode.fromCode(m).or(() -> json.error("mode", "must be 'live' or 'test'")));
    Optional<Set<Scope>> scopes =
        json.requiredStrings("scopes").flatMap(codes -> scopes(json, codes));
    Optional<Integer> limit = json.optionalPositiveInt("rate_limit_per_minute");
    if (limit.isPresent() && planLimitPerMinute > 0 && limit.get() > planLimitPerMinute) {
      json.error(
          "rate_limit_per_minute",
          "must not exceed the plan's " + planLimitPerMinute + " per minute");
    }
    Optional<Instant> expires = json.optionalInstant("expires_at");
    if (expires.isPresent() && !expires.get().isAfter(now)) {
      json.error("expires_at", "must be in the future");
    }
    json.done();
    return new NewKey(
        name.orElseThrow(),
        mode.orElseThrow(),
        scopes.orElseThrow(),
        limit.orElse(null),
        expires.orElse(null));
  }

  static Optional<Set<Scope>> scopes(JsonRequest json, List<String> codes) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String code : codes) {
      Optional<Scope> scope = Scope.fromCode(code);
      if (scope.isEmpty()) {
        return json.error(
            "scopes",
            "'" + code + "' is not a scope; known: " + Scope.join(EnumSet.allOf(Scope.class)));
      }
      scopes.add(scope.get());
    }
    return Optional.of(scopes);
  }
}
