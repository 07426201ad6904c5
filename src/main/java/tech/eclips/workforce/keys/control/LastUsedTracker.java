package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Keeps {@code api_keys.last_used_at} without a write per request: uses are noted in memory here
 * and written once per {@code eclips.keys.last-used-flush} ({@code
 * keys.boundary.LastUsedSchedule}), one transaction per org.
 */
@ApplicationScoped
public class LastUsedTracker {

  private record KeyRef(OrgId org, UUID key) {}

  private final Map<KeyRef, Instant> pending = new ConcurrentHashMap<>();

  public void touch(Caller caller) {
    pending.put(new KeyRef(caller.org(), caller.keyId()), Instant.now());
  }

  /** The uses noted since the last call, by org; each use is handed out once. */
  public Map<OrgId, Map<UUID, Instant>> takePending() {
    Map<OrgId, Map<UUID, Instant>> byOrg = new HashMap<>();
    for (KeyRef ref : pending.keySet()) {
      Instant used = pending.remove(ref);
      if (used != null) {
        byOrg.computeIfAbsent(ref.org(), o -> new HashMap<>()).put(ref.key(), used);
      }
    }
    return byOrg;
  }
}
