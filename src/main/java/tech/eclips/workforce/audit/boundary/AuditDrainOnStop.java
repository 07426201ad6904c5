package tech.eclips.workforce.audit.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Nothing acknowledged is lost on an orderly stop: the web module stops taking requests and is
 * destroyed before the EJB module stops, so this is the last moment at which the queued entries and
 * the current minute's 429 summaries can still be written through the audit EJBs (a bean's
 * {@code @PreDestroy} comes too late: the EJBs are gone by then).
 */
@WebListener
public class AuditDrainOnStop implements ServletContextListener {

  @Inject AuditQueue queue;

  @Override
  public void contextDestroyed(ServletContextEvent stopping) {
    queue.drainAndStop();
  }
}
