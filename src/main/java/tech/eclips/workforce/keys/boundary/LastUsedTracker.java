package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.keys.control.Caller;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Keeps {@code api_keys.last_used_at} without a write per request: uses are noted in memory and
 * written once per {@code eclips.keys.last-used-flush} (default a minute), one transaction per org.
 */
@ApplicationScoped
public class LastUsedTracker {

  private static final Logger LOG = Logger.getLogger(LastUsedTracker.class.getName());

  private record KeyRef(OrgId org, UUID key) {}

  private final Map<KeyRef, Instant> pending = new ConcurrentHashMap<>();
  private ScheduledFuture<?> schedule;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject LastUsedFlush flush;

  @Inject
  @ConfigProperty(name = "eclips.keys.last-used-flush", defaultValue = "PT1M")
  Duration interval;

  void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    long millis = interval.toMillis();
    schedule =
        scheduler.scheduleWithFixedDelay(this::flushSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  public void touch(Caller caller) {
    pending.put(new KeyRef(caller.org(), caller.keyId()), Instant.now());
  }

  /** Stops the schedule and writes what is pending; at an orderly stop, while the EJBs live. */
  public void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    flushSafely();
  }

  @PreDestroy
  void destroyed() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  void flushSafely() {
    try {
      flushNow();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not record API key use; will retry", RedactedFailure.of(e));
    }
  }

  public void flushNow() {
    Map<OrgId, Map<UUID, Instant>> byOrg = new HashMap<>();
    for (KeyRef ref : pending.keySet()) {
      Instant used = pending.remove(ref);
      if (used != null) {
        byOrg.computeIfAbsent(ref.org(), o -> new HashMap<>()).put(ref.key(), used);
      }
    }
    byOrg.forEach(flush::record);
  }
}
