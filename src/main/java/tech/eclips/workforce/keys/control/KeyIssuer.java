package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.UUID;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Creates, rotates and revokes keys of the transaction's org (the caller has entered the tenant). A
 * new key's digest also goes to the lookup table the key-lookup gate reads.
 */
@Dependent
public class KeyIssuer {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject KeyMint mint;
  @Inject Event<KeysChanged> changed;

  /**
   * A new key, unless the org already has {@code activeKeyCap} active (not revoked, not expired)
   * keys: then 409. The org's key lock makes concurrent creates count one after the other, so at
   * cap − 1 exactly one of them wins.
   */
  public Issued issue(NewKey spec, int activeKeyCap) {
    em.createNativeQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('api_keys:' || eclips_current_org(), 11))")
        .getSingleResult();
    Number active =
        (Number)
            em.createNativeQuery(
                    "SELECT count(*) FROM api_keys WHERE org_id = ?1"
                        + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())")
                .setParameter(1, boundOrg.id())
                .getSingleResult();
    if (active.longValue() >= activeKeyCap) {
      throw Problems.keyLimitReached(activeKeyCap);
    }
    MintedKey minted = mint.mint(spec.mode());
    ApiKey key =
        new ApiKey(
                UUID.randomUUID(),
                spec.name(),
                spec.mode(),
                minted.digest(),
                minted.hint(),
                spec.scopes())
            .limitedTo(spec.rateLimitPerMinute(), spec.expiresAt());
    return store(key, minted);
  }

  /**
   * A successor with the same settings; the old key stops working when this transaction commits.
   * The old key is revoked by a conditional update first: concurrent rotations of one key wait for
   * each other on its row, and only the one that finds it still unrevoked goes on (the others: 409
   * {@code key_already_rotated}), so one rotation makes exactly one successor and never takes the
   * org past its key cap.
   */
  public Issued rotate(OrgId org, ApiKey old) {
    int revoked =
        em.createNativeQuery(
                "UPDATE api_keys SET revoked_at = now() WHERE id = ?1"
                    + " AND org_id = ?2 AND revoked_at IS NULL")
            .setParameter(1, old.id())
            .setParameter(2, boundOrg.id())
            .executeUpdate();
    if (revoked != 1) {
      throw Problems.keyAlreadyRotated();
    }
    MintedKey minted = mint.mint(old.mode());
    Issued next = store(old.successor(UUID.randomUUID(), minted.digest(), minted.hint()), minted);
    changed.fire(new KeysChanged(org));
    return next;
  }

  public void revoke(OrgId org, ApiKey key, Instant now) {
    key.revoke(now);
    changed.fire(new KeysChanged(org));
  }

  private Issued store(ApiKey key, MintedKey minted) {
    em.persist(key);
    em.createNativeQuery("INSERT INTO api_key_digests (digest, org_id, key_id) VALUES (?1, ?3, ?2)")
        .setParameter(1, minted.digest())
        .setParameter(2, key.id())
        .setParameter(3, boundOrg.id())
        .executeUpdate();
    return new Issued(key, minted);
  }

  /** A stored key and, this once, its plaintext. */
  public record Issued(ApiKey key, MintedKey minted) {}
}
