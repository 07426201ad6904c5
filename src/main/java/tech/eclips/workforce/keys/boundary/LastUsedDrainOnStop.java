package tech.eclips.workforce.keys.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Writes the keys' pending {@code last_used_at} while the EJBs can still write it (see
 * AuditDrainOnStop).
 */
@WebListener
public class LastUsedDrainOnStop implements ServletContextListener {

  @Inject LastUsedTracker tracker;

  @Override
  public void contextDestroyed(ServletContextEvent stopping) {
    tracker.stop();
  }
}
