package tech.eclips.workforce.keys.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

  static JsonObject of(ApiKey key) {
    return builder(key).build();
  }

  static JsonObject withSecret(Issued issued) {
    return builder(issued.key()).add("key", issued.minted().plaintext()).build();
  }

  private static JsonObjectBuilder builder(ApiKey key) {
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
    return json;
  }
}
