package tech.eclips.workforce.idempotency.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * {@code Idempotency-Key} records per org and {@link IdempotencyScope}, for 24 hours, inside the
 * request's transaction. The claim is an INSERT … ON CONFLICT DO NOTHING: a concurrent duplicate
 * waits on the unique index until the first request commits, then finds its stored response and
 * replays it, so concurrent duplicates create one resource. A request that fails rolls its claim
 * back: retrying with the same key is a fresh attempt.
 */
@Dependent
public class Idempotency {

  static final int MAX_KEY_LENGTH = 255;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /**
   * Empty: go ahead (and call {@link #remember} before committing). Present: the first request's
   * reply, to answer with instead. 409 when the key was used for another request (or its first
   * request has no reply, which inside one transaction cannot happen).
   */
  public Optional<StoredReply> claim(IdempotencyScope scope, String key, byte[] fingerprint) {
    int claimed =
        em.createNativeQuery(
                "INSERT INTO idempotency_keys (org_id, id, scope, idem_key, request_hash, expires_at)"
                    + " VALUES (?5, ?1, ?4, ?2, ?3, now() + interval '24 hours')"
                    + " ON CONFLICT (org_id, scope, idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                    + " response_status = NULL, response_body = NULL, resource_id = NULL, created_at = now(),"
                    + " response_location = NULL, response_withheld = false,"
                    + " expires_at = EXCLUDED.expires_at WHERE idempotency_keys.expires_at < now()")
            .setParameter(1, UUID.randomUUID())
            .setParameter(2, key)
            .setParameter(3, fingerprint)
            .setParameter(4, scope.code())
            .setParameter(5, boundOrg.id())
            .executeUpdate();
    return claimed == 1 ? Optional.empty() : Optional.of(stored(scope, key, fingerprint));
  }

  /** 400 for a key that is not 1 to 255 visible ASCII characters; null (no key) passes. */
  public static void checkKey(String key) {
    if (key != null
        && (key.isEmpty()
            || key.length() > MAX_KEY_LENGTH
            || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
      throw Problems.invalidRequest("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
    }
  }

  /** Stores the reply of the request that claimed {@code key}, in that request's transaction. */
  public void remember(IdempotencyScope scope, String key, StoredReply reply) {
    em.createNativeQuery(
            "UPDATE idempotency_keys SET response_status = ?1, response_body = ?2,"
                + " response_location = ?3, response_withheld = ?4"
                + " WHERE org_id = ?7 AND scope = ?6 AND idem_key = ?5")
        .setParameter(1, reply.status())
        .setParameter(2, reply.body())
        .setParameter(3, reply.location())
        .setParameter(4, reply.withheld())
        .setParameter(5, key)
        .setParameter(6, scope.code())
        .setParameter(7, boundOrg.id())
        .executeUpdate();
  }

  private StoredReply stored(IdempotencyScope scope, String key, byte[] fingerprint) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT request_hash, response_status, response_body,"
                    + " response_location, response_withheld"
                    + " FROM idempotency_keys WHERE org_id = ?3 AND scope = ?2"
                    + " AND idem_key = ?1")
            .setParameter(1, key)
            .setParameter(2, scope.code())
            .setParameter(3, boundOrg.id())
            .getResultList();
    Object[] row = rows.get(0);
    if (!Arrays.equals((byte[]) row[0], fingerprint) || row[1] == null) {
      throw conflict();
    }
    return new StoredReply(
        ((Number) row[1]).intValue(),
        (String) row[2],
        (String) row[3],
        Boolean.TRUE.equals(row[4]));
  }

  public static ApiProblem conflict() {
    return new ApiProblem(
        ProblemType.IDEMPOTENCY_CONFLICT,
        "This Idempotency-Key was used with a different request in the last 24 hours.");
  }

  /**
   * What a stored response is matched on: the method, the path and the exact body (the runs' accept
   * function stores this fingerprint).
   */
  public static byte[] fingerprint(String method, String path, String body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      sha256.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
