package tech.eclips.workforce.keys.control;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The key changes the feed's last poll showed, so that each change evicts its org once, not once a
 * second for as long as it stays in the feed's window. Holds only the ids of the last poll (at most
 * the gate's {@link #GATE_LIMIT}).
 */
final class SeenKeyChanges {

  /** The gate's LIMIT (V35): a poll that returns this many rows may have missed some. */
  static final int GATE_LIMIT = 10_000;

  /** One row of the gate. */
  record Change(OrgId org, UUID id) {}

  /**
   * What a poll must evict: every cached key when the rows may be incomplete, else the orgs of the
   * changes not seen before.
   */
  record Evictions(boolean everything, Set<OrgId> orgs) {}

  private Set<UUID> seen = Set.of();

  synchronized Evictions after(List<Change> changes) {
    Set<UUID> now = new HashSet<>();
    Set<OrgId> orgs = new HashSet<>();
    for (Change change : changes) {
      now.add(change.id());
      if (!seen.contains(change.id())) {
        orgs.add(change.org());
      }
    }
    seen = now;
    return new Evictions(changes.size() >= GATE_LIMIT, orgs);
  }
}
