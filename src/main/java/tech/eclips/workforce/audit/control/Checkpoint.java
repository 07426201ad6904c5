package tech.eclips.workforce.audit.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A signed statement of an org's chain head: "entry {@code seq} of this org's chain had this hash
 * at this time". What is signed is {@link #message}; the offline verifier
 * (src/tools/java/tech/eclips/workforce/tools/AuditVerify.java) builds the same text.
 */
public record Checkpoint(
    UUID org, long seq, byte[] hash, Instant at, String keyId, byte[] signature) {

  static final String VERSION = "eclips-audit-checkpoint/v1";

  /** {@code eclips-audit-checkpoint/v1 LF org LF seq LF hex(hash) LF time}, UTF-8. */
  public static byte[] message(UUID org, long seq, byte[] hash, Instant at) {
    return String.join(
            "\n",
            VERSION,
            org.toString(),
            Long.toString(seq),
            HexFormat.of().formatHex(hash),
            at.toString())
        .getBytes(StandardCharsets.UTF_8);
  }
}
