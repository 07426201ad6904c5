package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Tells the other nodes of a cluster that an org's keys changed. Each change appends a row to
 * {@code key_change_events} inside its own transaction (so nobody hears of a change that rolled
 * back); every node polls the {@code recent_key_change_ids} gate each second on the platform
 * connection ({@code keys.boundary.KeyChangeSchedule}) and evicts the orgs it names. A node sees
 * another node's revocation, rotation or plan change within about a second.
 */
@ApplicationScoped
public class KeyChangeFeed {

  /** Looks back further than one poll, so a slow commit is not missed; each change evicts once. */
  static final int WINDOW_SECONDS = 10;

  private static final Logger LOG = Logger.getLogger(KeyChangeFeed.class.getName());

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject KeyCache cache;

  /** The feed names other orgs, so only the platform role may read it (V20). */
  @Inject PlatformDatabase platform;

  private final SeenKeyChanges seen = new SeenKeyChanges();

  /** In the changing transaction, which is bound to the org. */
  void publish(@Observes KeysChanged change) {
    em.createNativeQuery("INSERT INTO key_change_events (org_id, id) VALUES (?2, ?1)")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }

  /**
   * Evicts the orgs with a change this node has not seen yet (each change once, {@link
   * SeenKeyChanges}), then tells the cache its entries may outlive the TTL; a failure tells it
   * nothing, so after {@link KeyCache#FEED_TRUSTED_FOR} the TTL applies.
   */
  public void evictChanged() {
    try {
      long polledAt = cache.now();
      List<Object[]> rows =
          platform.query(
              "SELECT org_id, id FROM eclips_gate.recent_key_change_ids(?)", WINDOW_SECONDS);
      SeenKeyChanges.Evictions evictions =
          seen.after(
              rows.stream()
                  .map(
                      row ->
                          new SeenKeyChanges.Change(
                              new OrgId(UUID.fromString(row[0].toString())),
                              UUID.fromString(row[1].toString())))
                  .toList());
      if (evictions.everything()) {
        cache.evictAll();
      } else {
        evictions.orgs().forEach(cache::evict);
      }
      cache.feedConfirmed(polledAt);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "key change feed poll failed; cached keys still expire by TTL",
          RedactedFailure.of(e));
    }
  }
}
