package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The orgs whose chain this node appended to since its last checkpoint pass: only they can have a
 * head that moved, so a pass never visits every org. One entry per org (bounded by the number of
 * orgs); an append that rolls back leaves a mark whose pass finds nothing to sign.
 */
@ApplicationScoped
public class CheckpointsDue {

  private final Set<OrgId> appended = ConcurrentHashMap.newKeySet();

  public void appended(OrgId org) {
    appended.add(org);
  }

  /** The orgs marked since the last call; each mark is handed out once. */
  public List<OrgId> take() {
    List<OrgId> due = List.copyOf(appended);
    due.forEach(appended::remove);
    return due;
  }
}
