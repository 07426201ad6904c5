package tech.eclips.workforce.keys.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.control.KeyIssuer.Issued;
import tech.eclips.workforce.keys.entity.ApiKey;

/**
 * The console's view of a key. The plaintext appears only in {@link #withSecret}, used by create
 * and rotate.
 */
final class ApiKeyJson {

  private ApiKeyJson() {}

  /**
   * As of {@code now}: {@code expires_soon} within the expiry-warning window, {@code grace_until}
   * while a rotated key still works.
   */
  static JsonObject of(ApiKey key, Duration warning, Instant now) {
    return builder(key, warning, now).build();
  }

  static JsonObject withSecret(Issued issued, Duration warning, Instant now) {
    return builder(issued.key(), warning, now).add("key", issued.minted().plaintext()).build();
  }

  private static JsonObjectBuilder builder(ApiKey key, Duration warning, Instant now) {
    JsonArrayBuilder scopes = JsonSupport.array();
    key.scopes().forEach(s -> scopes.add(s.code()));
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", key.id().toString())
            .add("object", "api_key")
            .add("name", key.name())
            .add("mode", key.mode().code())
            .add("hint", key.hint())
            .add("scopes", scopes);
    JsonFields.add(json, "rate_limit_per_minute", key.rateLimitPerMinute());
    JsonFields.add(json, "expires_at", key.expiresAt());
    JsonFields.add(json, "created_at", key.createdAt());
    JsonFields.add(json, "last_used_at", key.lastUsedAt());
    JsonFields.add(json, "revoked_at", key.revokedAt());
    JsonFields.add(json, "rotated_from", key.rotatedFrom());
    JsonFields.add(json, "disabled_at", key.disabledAt());
    JsonFields.add(json, "grace_until", key.inGraceAt(now) ? key.revokedAt() : null);
    json.add("expires_soon", key.expiresWithin(warning, now));
    addresses(json, "allowed_ips", key.allowedIps());
    JsonFields.add(json, "quarantined_at", key.quarantinedAt());
    addresses(json, "pinned_ips", key.quarantineIps());
    return json;
  }

  private static void addresses(JsonObjectBuilder json, String field, String joined) {
    if (joined == null || joined.isEmpty()) {
      json.addNull(field);
      return;
    }
    JsonArrayBuilder list = JsonSupport.array();
    for (String range : joined.split(",")) {
      list.add(range);
    }
    json.add(field, list);
  }
}
