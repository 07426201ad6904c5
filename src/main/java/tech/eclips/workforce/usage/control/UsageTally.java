package tech.eclips.workforce.usage.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Counts each request with a key in memory, by key, hour and route class, until the next flush
 * takes the counts ({@code usage.boundary.UsageSchedule}). Bounded: at most {@link
 * #MAX_BUCKETS_PER_ORG} buckets per org and {@link #MAX_BUCKETS} in all between two flushes; a
 * request past either is not counted (and counted as dropped), never queued.
 */
@ApplicationScoped
public class UsageTally {

  static final int MAX_BUCKETS_PER_ORG = 2_000;
  static final int MAX_BUCKETS = 100_000;

  /** One rollup row: a key's hour in one route class. */
  public record Bucket(OrgId org, UUID key, Instant hour, String routeClass) {}

  private final Map<Bucket, UsageCounts> buckets = new ConcurrentHashMap<>();
  private final Map<OrgId, AtomicInteger> perOrg = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  public void note(OrgId org, UUID key, String routeClass, int status, String address, Instant at) {
    Bucket bucket = new Bucket(org, key, at.truncatedTo(ChronoUnit.HOURS), routeClass);
    if (!buckets.containsKey(bucket) && !room(org)) {
      dropped.incrementAndGet();
      return;
    }
    // compute is atomic against take's remove: a use lands in the taken counts or in new ones
    buckets.compute(
        bucket,
        (b, counts) ->
            (counts == null ? new UsageCounts() : counts).add(Outcome.of(status), address, at));
  }

  private boolean room(OrgId org) {
    AtomicInteger count = perOrg.computeIfAbsent(org, o -> new AtomicInteger());
    if (count.incrementAndGet() > MAX_BUCKETS_PER_ORG) {
      count.decrementAndGet();
      return false;
    }
    if (total.incrementAndGet() > MAX_BUCKETS) {
      total.decrementAndGet();
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  /** The counts since the last call, by org; each count is handed out once. */
  public Map<OrgId, Map<Bucket, UsageCounts>> take() {
    Map<OrgId, Map<Bucket, UsageCounts>> byOrg = new HashMap<>();
    for (Bucket bucket : buckets.keySet()) {
      UsageCounts counts = buckets.remove(bucket);
      if (counts != null) {
        byOrg.computeIfAbsent(bucket.org(), o -> new HashMap<>()).put(bucket, counts);
      }
    }
    perOrg.clear();
    total.set(0);
    return byOrg;
  }

  /** Requests not counted because a bound was reached. */
  public long dropped() {
    return dropped.get();
  }
}
