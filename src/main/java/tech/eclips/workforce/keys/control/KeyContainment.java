package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.requests.control.AddressRanges;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The org's key containment in its tenant-bound transaction: which modes are frozen and what a leak
 * report does (both in {@code org_settings}, read by the key lookup with every key), the addresses
 * a key was seen from (to pin a quarantine to), and revoking every key of a mode.
 */
@Dependent
public class KeyContainment {

  /** A quarantine pins a key to at most this many of the addresses it was seen from. */
  public static final int MAX_PINNED = 20;

  /** How far back, and through how many of the org's newest entries, a pin looks. */
  static final int SEEN_WITHIN_HOURS = 24;

  static final int SEEN_SCAN_ROWS = 10_000;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  public record State(Set<KeyMode> frozenModes, LeakAction leakAction) {}

  public State state() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("SELECT frozen_modes, leak_action FROM org_settings WHERE org_id = ?1")
            .setParameter(1, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(r -> new State(modes((String) r[0]), LeakAction.fromCode((String) r[1]).orElseThrow()))
        .orElse(new State(EnumSet.noneOf(KeyMode.class), LeakAction.QUARANTINE));
  }

  public void freeze(Set<KeyMode> modes) {
    upsert("frozen_modes", join(modes));
  }

  public void leakAction(LeakAction action) {
    upsert("leak_action", action.code());
  }

  private void upsert(String column, String value) {
    em.createNativeQuery(
            "INSERT INTO org_settings (org_id, id, "
                + column
                + ") VALUES (?2, gen_random_uuid(), ?1) ON CONFLICT (org_id) DO UPDATE SET "
                + column
                + " = EXCLUDED."
                + column
                + ", updated_at = now()")
        .setParameter(1, value)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }

  /**
   * The client addresses the key's allowed requests came from in the last day, newest first, at
   * most {@link #MAX_PINNED}; a bounded look through the org's newest audit entries (the org/time
   * index), never the whole log.
   */
  public AddressRanges seenFrom(UUID keyId) {
    @SuppressWarnings("unchecked")
    List<Object> addresses =
        em.createNativeQuery(
                "SELECT client_address FROM (SELECT client_address, occurred_at, actor_type,"
                    + " actor_id, outcome FROM audit_log WHERE org_id = ?1 AND occurred_at > now()"
                    + " - make_interval(hours => ?3) ORDER BY occurred_at DESC LIMIT ?4) recent"
                    + " WHERE actor_type = 'api_key' AND actor_id = ?2 AND outcome = 'allowed'"
                    + " AND client_address IS NOT NULL GROUP BY client_address"
                    + " ORDER BY max(occurred_at) DESC LIMIT ?5")
            .setParameter(1, boundOrg.id())
            .setParameter(2, keyId.toString())
            .setParameter(3, SEEN_WITHIN_HOURS)
            .setParameter(4, SEEN_SCAN_ROWS)
            .setParameter(5, MAX_PINNED)
            .getResultList();
    List<String> valid =
        addresses.stream()
            .map(Object::toString)
            .filter(a -> AddressRanges.stored(a).map(r -> !r.list().isEmpty()).orElse(false))
            .toList();
    return valid.isEmpty() ? null : AddressRanges.parse(valid);
  }

  /**
   * Revokes every key of the mode that still works or will (a rotated key in its grace too), in one
   * set-based statement; returns how many.
   */
  public int revokeAll(KeyMode mode) {
    return em.createNativeQuery(
            "UPDATE api_keys SET revoked_at = now() WHERE org_id = ?1 AND mode = ?2"
                + " AND (revoked_at IS NULL OR revoked_at > now())")
        .setParameter(1, boundOrg.id())
        .setParameter(2, mode.code())
        .executeUpdate();
  }

  static Set<KeyMode> modes(String joined) {
    Set<KeyMode> modes = EnumSet.noneOf(KeyMode.class);
    for (String code : joined.split(",")) {
      KeyMode.fromCode(code).ifPresent(modes::add);
    }
    return modes;
  }

  /** As the CHECK of V31 wants it: '', 'test', 'live' or 'test,live'. */
  public static String join(Set<KeyMode> modes) {
    return modes.stream()
        .map(KeyMode::code)
        .sorted(java.util.Comparator.reverseOrder())
        .collect(Collectors.joining(","));
  }
}
