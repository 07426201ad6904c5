package tech.eclips.workforce.audit.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How an audit entry is linked to the one before it: {@code hash = SHA-256(prev_hash || UTF-8(seq
 * US time US actor_type US actor_id US ... US user_agent US occurrences))}, US being the unit
 * separator U+001F, a missing value the empty string and time {@link Instant#toString()} at
 * microseconds. The database appends with this definition ({@code eclips_append_audit},
 * db-migrations/V6) and, since V18, stamps the time itself and hashes it in this form; the verifier
 * recomputes it here from the stored time.
 */
public final class AuditChain {

  static final String SEPARATOR = "\u001f";

  private AuditChain() {}

  static String payload(Instant at, AuditEvent e) {
    return Stream.of(
            "",
            at.toString(),
            e.actorType().code(),
            e.actorId(),
            e.actorHint(),
            e.action(),
            e.resourceType(),
            e.resourceId(),
            e.outcome().code(),
            e.code(),
            e.requestId(),
            e.clientAddress(),
            e.userAgent(),
            Integer.toString(e.occurrences()))
        .map(v -> v == null ? "" : v)
        .collect(Collectors.joining(SEPARATOR));
  }

  public static byte[] link(byte[] previousHash, long seq, Instant at, AuditEvent e) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      if (previousHash != null) {
        sha256.update(previousHash);
      }
      return sha256.digest((seq + payload(at, e)).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
