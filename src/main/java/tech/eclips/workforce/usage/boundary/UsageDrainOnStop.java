package tech.eclips.workforce.usage.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import tech.eclips.workforce.usage.control.UsageTally;

/**
 * Writes the counted usage while the EJBs can still write it, as {@code
 * keys.boundary.LastUsedDrainOnStop} does for last use: the schedule's singleton is stopped by now.
 */
@WebListener
public class UsageDrainOnStop implements ServletContextListener {

  @Inject UsageTally tally;
  @Inject UsageFlush flush;

  @Override
  public void contextDestroyed(ServletContextEvent stopping) {
    UsageSchedule.writePending(tally, flush);
  }
}
