package tech.eclips.workforce.credits.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import tech.eclips.workforce.credits.control.CreditLevelFeed;

/**
 * Every second, this node reads the credits of the orgs it served lately in one statement, so their
 * requests find a reading and never read the credits for the RateLimit fields themselves.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CreditLevelSchedule {

  @Inject CreditLevelFeed feed;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void poll() {
    feed.refresh();
  }
}
