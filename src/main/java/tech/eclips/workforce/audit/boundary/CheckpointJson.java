package tech.eclips.workforce.audit.boundary;

import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import tech.eclips.workforce.audit.control.Checkpoint;
import tech.eclips.workforce.json.JsonSupport;

/** A checkpoint as one line of an export or of the checkpoint file. */
final class CheckpointJson {

  private CheckpointJson() {}

  static JsonObject of(Checkpoint checkpoint) {
    return JsonSupport.object()
        .add("object", "audit_checkpoint")
        .add("org_id", checkpoint.org().toString())
        .add("seq", checkpoint.seq())
        .add("hash", HexFormat.of().formatHex(checkpoint.hash()))
        .add("checkpointed_at", checkpoint.at().toString())
        .add("key_id", checkpoint.keyId())
        .add("signature", Base64.getEncoder().encodeToString(checkpoint.signature()))
        .build();
  }
}
