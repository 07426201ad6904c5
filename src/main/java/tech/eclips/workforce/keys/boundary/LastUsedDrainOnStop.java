package tech.eclips.workforce.keys.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import tech.eclips.workforce.keys.control.LastUsedTracker;

/**
 * Writes the keys' pending {@code last_used_at} while the EJBs can still write it (see
 * AuditDrainOnStop). Not through {@link LastUsedSchedule}: Liberty has stopped that singleton by
 * now (and its timer with it), while the stateless {@link LastUsedFlush} still writes.
 */
@WebListener
public class LastUsedDrainOnStop implements ServletContextListener {

  @Inject LastUsedTracker tracker;
  @Inject LastUsedFlush flush;

  @Override
  public void contextDestroyed(ServletContextEvent stopping) {
    LastUsedSchedule.writePending(tracker, flush);
  }
}
