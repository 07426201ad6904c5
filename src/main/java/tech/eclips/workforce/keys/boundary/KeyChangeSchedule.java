package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import tech.eclips.workforce.keys.control.KeyChangeFeed;

/**
 * Every second, this node reads the key change feed and evicts the orgs it names: a revocation,
 * rotation or plan change on another node reaches this node's key cache within about a second.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyChangeSchedule {

  @Inject KeyChangeFeed feed;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void poll() {
    feed.evictChanged();
  }
}
