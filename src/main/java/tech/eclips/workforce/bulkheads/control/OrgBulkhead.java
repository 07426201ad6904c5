package tech.eclips.workforce.bulkheads.control;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One pool's caps: at most {@code perOrg} permits per org and {@code capacity} in all. The org's
 * share is asked first (so an org over its own share is told so, and takes nothing from the
 * others), then the server's capacity, which is never waited for.
 *
 * <p>An org's semaphore exists only while someone holds or waits for one of its permits: entries
 * are counted and removed atomically ({@link ConcurrentHashMap#compute}), so a million org ids cost
 * nothing once their requests are done, and no org can ever find a fresh semaphore while another
 * thread still holds the old one. (resilience4j's bulkhead registry, the other candidate, keeps
 * every bulkhead it ever created unless removed by hand, and removing one races with a concurrent
 * acquire.)
 */
public final class OrgBulkhead<K> {

  private final Kind kind;
  private final int perOrg;
  private final int capacity;
  private final Duration orgWait;
  private final Semaphore total;
  private final ConcurrentHashMap<K, Share> shares = new ConcurrentHashMap<>();

  public OrgBulkhead(Kind kind, int perOrg, int capacity, Duration orgWait) {
    if (perOrg < 1 || capacity < 1) {
      throw new IllegalArgumentException(kind + ": caps must be at least 1");
    }
    this.kind = kind;
    this.perOrg = perOrg;
    this.capacity = capacity;
    this.orgWait = orgWait;
    this.total = new Semaphore(capacity);
  }

  /**
   * A permit for {@code org}, waiting at most the configured time for the org's own share (never
   * for the server's capacity).
   */
  public Admission acquire(K org) throws InterruptedException {
    Share share = join(org);
    boolean admitted = false;
    try {
      if (!share.permits.tryAcquire(orgWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return new Admission.OverOrgShare(kind, perOrg);
      }
      if (!total.tryAcquire()) {
        share.permits.release();
        return new Admission.OverCapacity(kind, capacity);
      }
      admitted = true;
      return new Admission.Admitted(
          new Permit(
              () -> {
                total.release();
                share.permits.release();
                leave(org);
              }));
    } finally {
      if (!admitted) {
        leave(org);
      }
    }
  }

  /** How many orgs hold or wait for a permit now (each has a semaphore in memory). */
  public int orgsInMemory() {
    return shares.size();
  }

  /** Permits in use across all orgs. */
  public int inUse() {
    return capacity - total.availablePermits();
  }

  public Kind kind() {
    return kind;
  }

  private Share join(K org) {
    return shares.compute(
        org,
        (k, share) -> {
          Share joined = share == null ? new Share(perOrg) : share;
          joined.users++;
          return joined;
        });
  }

  private void leave(K org) {
    shares.computeIfPresent(org, (k, share) -> --share.users == 0 ? null : share);
  }

  /** An org's semaphore and how many threads hold or wait for it (changed only in compute). */
  private static final class Share {
    final Semaphore permits;
    int users;

    Share(int perOrg) {
      this.permits = new Semaphore(perOrg);
    }
  }
}
