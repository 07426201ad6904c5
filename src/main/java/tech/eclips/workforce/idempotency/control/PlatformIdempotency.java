package tech.eclips.workforce.idempotency.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;

/**
 * Idempotency-Key records of platform operations that belong to no org yet (creating an org,
 * running a maintenance job), through the platform gate functions (V25). These operations commit on
 * the platform connection, outside any request transaction, so their record cannot share one: the
 * claim commits first, the reply after the operation. A failed operation releases its claim; one
 * interrupted between the two (a crash) leaves a claim without a reply, which answers 409 until it
 * expires rather than running the operation a second time.
 */
@Dependent
public class PlatformIdempotency {

  @Inject PlatformDatabase platform;

  /** Empty: go ahead, then {@link #remember} or {@link #release}. Present: replay it. */
  public Optional<StoredReply> claim(String key, byte[] fingerprint) {
    Object[] row =
        platform
            .query("SELECT * FROM eclips_gate.platform_idempotency_claim(?, ?)", key, fingerprint)
            .get(0);
    if (Boolean.TRUE.equals(row[0])) {
      return Optional.empty();
    }
    if (!Boolean.TRUE.equals(row[1]) || row[2] == null) {
      throw Idempotency.conflict();
    }
    return Optional.of(
        new StoredReply(
            ((Number) row[2]).intValue(),
            row[3] == null ? null : row[3].toString(),
            (String) row[4],
            Boolean.TRUE.equals(row[5])));
  }

  public void remember(String key, byte[] fingerprint, StoredReply reply) {
    platform.query(
        "SELECT eclips_gate.platform_idempotency_remember(?, ?, ?, ?, ?, ?)",
        key,
        fingerprint,
        reply.status(),
        reply.body(),
        reply.location(),
        reply.withheld());
  }

  public void release(String key, byte[] fingerprint) {
    platform.query("SELECT eclips_gate.platform_idempotency_release(?, ?)", key, fingerprint);
  }
}
