package tech.eclips.workforce.bulkheads.control;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One pool's caps: at most {@code perOrg} permits per org and {@code capacity} in all. The org's
 * share is asked first (so an org over its own share is told so, and takes nothing from the
 * others), then the server's capacity, which is never waited for. Where a short wait for the org's
 * own share is allowed, at most {@code maxWaiting} requests of an org wait at once (by default as
 * many as may hold); more are refused at once.
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
  private final int maxWaiting;
  private final Semaphore total;
  private final ConcurrentHashMap<K, Share> shares = new ConcurrentHashMap<>();

  public OrgBulkhead(Kind kind, int perOrg, int capacity, Duration orgWait) {
    this(kind, perOrg, capacity, orgWait, perOrg);
  }

  public OrgBulkhead(Kind kind, int perOrg, int capacity, Duration orgWait, int maxWaiting) {
    if (perOrg < 1 || capacity < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException(kind + ": caps must be at least 1");
    }
    this.kind = kind;
    this.perOrg = perOrg;
    this.capacity = capacity;
    this.orgWait = orgWait;
    this.maxWaiting = orgWait.isZero() ? 0 : maxWaiting;
    this.total = new Semaphore(capacity);
  }

  /**
   * A permit for {@code org}, waiting at most the configured time for the org's own share (never
   * for the server's capacity).
   */
  public Admission acquire(K org) throws InterruptedException {
    Share share = join(org);
    if (share == null) {
      return new Admission.OverOrgShare(kind, perOrg);
    }
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

  /** How many of the org's requests hold or wait for a permit (0 when none). */
  int waiting(K org) {
    Share share = shares.get(org);
    return share == null ? 0 : share.users - (perOrg - share.permits.availablePermits());
  }

  /** Permits in use across all orgs. */
  public int inUse() {
    return capacity - total.availablePermits();
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Counts the caller in, or answers null when the org has as many waiting as it may hold already:
   * a waiting request holds a server thread, so the queue for an org's share is bounded too.
   */
  private Share join(K org) {
    Object[] joined = new Object[1];
    shares.compute(
        org,
        (k, share) -> {
          Share found = share == null ? new Share(perOrg) : share;
          if (found.users < perOrg + maxWaiting) {
            found.users++;
            joined[0] = found;
          }
          return found;
        });
    return (Share) joined[0];
  }

  private void leave(K org) {
    shares.computeIfPresent(org, (k, share) -> --share.users == 0 ? null : share);
  }

  /** An org's semaphore and how many threads hold or wait for it (changed only in compute). */
  private static final class Share {
    final Semaphore permits;
    volatile int users;

    Share(int perOrg) {
      this.permits = new Semaphore(perOrg);
    }
  }
}
