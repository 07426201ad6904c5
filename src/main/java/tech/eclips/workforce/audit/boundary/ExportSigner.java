package tech.eclips.workforce.audit.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Optional;
import tech.eclips.workforce.audit.control.AuditSigningKey;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The last line of an anchored export: whose log it is, when it was read, and the public key that
 * signed its checkpoints (none when the server has no signing key). A verifier should pin the key
 * it trusts ({@code --public-key}) rather than take this one.
 */
@Dependent
class ExportSigner {

  @Inject AuditSigningKey key;

  Optional<JsonObject> of(OrgId org) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "audit_export")
            .add("org_id", org.toString())
            .add("exported_at", Instant.now().toString());
    if (key.configured()) {
      json.add("key_id", key.keyId()).add("public_key", key.publicKey());
    } else {
      json.addNull("key_id").addNull("public_key");
    }
    return Optional.of(json.build());
  }
}
