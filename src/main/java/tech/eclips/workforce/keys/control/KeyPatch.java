package tech.eclips.workforce.keys.control;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.ratelimit.control.EffectiveLimit;

/**
 * A key's settings after a valid {@code PATCH {name?, scopes?, rate_limit_per_minute?,
 * expires_at?}}: a field left out keeps its value; {@code null} lifts the key's own limit (the
 * plan's applies) or its expiry (never expires). At least one field. The same rules as a new key:
 * known scopes, at least one; a limit at most the plan's; an expiry in the future.
 */
public record KeyPatch(
    String name, Set<Scope> scopes, Integer rateLimitPerMinute, Instant expiresAt) {

  static final String NAME = "name";
  static final String SCOPES = "scopes";
  static final String LIMIT = "rate_limit_per_minute";
  static final String EXPIRES = "expires_at";
  static final Set<String> FIELDS = Set.of(NAME, SCOPES, LIMIT, EXPIRES);

  public static KeyPatch from(String body, ApiKey key, int planLimitPerMinute, Instant now) {
    JsonRequest json = JsonRequest.parse(body, FIELDS);
    if (FIELDS.stream().noneMatch(json::has)) {
      json.error(
          NAME, "give at least one of " + String.join(", ", FIELDS.stream().sorted().toList()));
    }
    Optional<String> name = json.has(NAME) ? json.requiredString(NAME, 200) : Optional.empty();
    Optional<Set<Scope>> scopes =
        json.has(SCOPES)
            ? json.requiredStrings(SCOPES).flatMap(codes -> NewKey.scopes(json, codes))
            : Optional.empty();
    Optional<Integer> limit = json.optionalPositiveInt(LIMIT);
    if (limit.isPresent() && planLimitPerMinute > 0 && limit.get() > planLimitPerMinute) {
      json.error(LIMIT, "must not exceed the plan's " + planLimitPerMinute + " per minute");
    }
    Optional<Instant> expires = json.optionalInstant(EXPIRES);
    if (expires.isPresent() && !expires.get().isAfter(now)) {
      json.error(EXPIRES, "must be in the future");
    }
    json.done();
    return new KeyPatch(
        name.orElse(key.name()),
        scopes.orElse(key.scopes()),
        json.has(LIMIT) ? limit.orElse(null) : key.rateLimitPerMinute(),
        json.has(EXPIRES) && json.value(EXPIRES) != JsonValue.NULL
            ? expires.orElseThrow()
            : json.has(EXPIRES) ? null : key.expiresAt());
  }

  /**
   * The fields this change widens: a scope the key did not have, a higher effective limit (the
   * plan's when the key has none), a later expiry or none at all. A name never widens anything.
   */
  public List<String> widens(ApiKey before, int planLimitPerMinute) {
    List<String> widened = new ArrayList<>();
    if (!before.scopes().containsAll(scopes)) {
      widened.add(SCOPES);
    }
    if (EffectiveLimit.perMinute(rateLimitPerMinute, planLimitPerMinute)
        > EffectiveLimit.perMinute(before.rateLimitPerMinute(), planLimitPerMinute)) {
      widened.add(LIMIT);
    }
    Instant was = before.expiresAt();
    if (was != null && (expiresAt == null || expiresAt.isAfter(was))) {
      widened.add(EXPIRES);
    }
    return widened;
  }

  /** The fields whose value this change alters. */
  public List<String> changes(ApiKey before) {
    List<String> changed = new ArrayList<>();
    if (!name.equals(before.name())) {
      changed.add(NAME);
    }
    if (!scopes.equals(before.scopes())) {
      changed.add(SCOPES);
    }
    if (!Objects.equals(rateLimitPerMinute, before.rateLimitPerMinute())) {
      changed.add(LIMIT);
    }
    if (!Objects.equals(expiresAt, before.expiresAt())) {
      changed.add(EXPIRES);
    }
    return changed;
  }
}
