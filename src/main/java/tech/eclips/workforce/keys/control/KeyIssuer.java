package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
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
    withinCap(activeKeyCap);
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
   * 409 {@code key_limit_reached} unless one more active key fits: for a new key, and for a key
   * that becomes active again (an expired key rotated or given a later expiry).
   */
  public void withinCap(int activeKeyCap) {
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
  }

  /**
   * A successor with the same settings; the old key stops working when this transaction commits.
   * The old key is revoked by a conditional update first: concurrent rotations of one key wait for
   * each other on its row, and only the one that finds it still unrevoked goes on (the others: 409
   * {@code key_already_rotated}), so one rotation makes exactly one successor and never takes the
   * org past its key cap.
   *
   * <p>With a grace period the old key's revocation is set that far ahead (the database's clock):
   * it keeps working until then, and counts as rotated at once. The successor is never disabled (a
   * disabled key is often rotated because its secret leaked) and takes the old key's expiry; an
   * expired key's successor gets a fresh one instead, as long as the old key lived, and must fit
   * under the cap, since it adds an active key instead of replacing one.
   */
  public Issued rotate(OrgId org, ApiKey old, Duration grace, Instant now, int activeKeyCap) {
    boolean expired = old.expiredAt(now);
    if (expired) {
      withinCap(activeKeyCap);
    }
    int revoked =
        em.createNativeQuery(
                "UPDATE api_keys SET revoked_at = now() + make_interval(secs => ?3) WHERE id = ?1"
                    + " AND org_id = ?2 AND revoked_at IS NULL")
            .setParameter(1, old.id())
            .setParameter(2, boundOrg.id())
            .setParameter(3, expired ? 0.0 : (double) grace.toSeconds())
            .executeUpdate();
    if (revoked != 1) {
      throw Problems.keyAlreadyRotated();
    }
    MintedKey minted = mint.mint(old.mode());
    ApiKey successor = old.successor(UUID.randomUUID(), minted.digest(), minted.hint());
    if (expired) {
      successor.limitedTo(
          old.rateLimitPerMinute(), now.plus(Duration.between(old.createdAt(), old.expiresAt())));
    }
    Issued next = store(successor, minted);
    changed.fire(new KeysChanged(org));
    return next;
  }

  public void revoke(OrgId org, ApiKey key, Instant now) {
    key.revoke(now);
    changed.fire(new KeysChanged(org));
  }

  /**
   * After a change to a key's settings (name, scopes, limit, expiry, disabled): every node's cache
   * forgets the org's keys within the bound of a revocation, this node's at commit.
   */
  public void changed(OrgId org) {
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
