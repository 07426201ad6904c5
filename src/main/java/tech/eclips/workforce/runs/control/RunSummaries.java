package tech.eclips.workforce.runs.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.runs.entity.RunStatus;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The console's list of runs: one mode's runs, newest first, optionally of one status and one agent
 * type, without their inputs and outputs (the detail shows those). The filters are applied to a
 * window of at most {@link #WINDOW} runs after the cursor, read on the (org, mode, newest) index,
 * so a page costs the same whatever the filters match: a rare status in a long history does not
 * make a query scan it. When the window ends before the page is full, the page says {@code
 * has_more} and names the window's last run as {@code next_starting_after}, so paging goes on from
 * there.
 */
@Dependent
public class RunSummaries {

  /** Runs looked at for one page; their rows are the summary columns only (no input or output). */
  static final int WINDOW = 1_000;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /** A run as the console's list shows it. */
  public record RunSummary(
      UUID id,
      String agentType,
      RunStatus status,
      boolean livemode,
      long creditsCharged,
      UUID triageItemId,
      OffsetDateTime createdAt,
      OffsetDateTime completedAt) {}

  /**
   * @param runs at most the page's limit
   * @param hasMore more runs may match after this page
   * @param nextStartingAfter where the next page starts, when there is one
   */
  public record SummaryPage(List<RunSummary> runs, boolean hasMore, UUID nextStartingAfter) {}

  /** The filters of one page. {@code status} and {@code agentType} are {@code null} for any. */
  public record Filter(boolean livemode, RunStatus status, String agentType) {}

  public SummaryPage page(Filter filter, String startingAfter, int limit) {
    Optional<AgentRun> cursor = cursor(startingAfter, filter.livemode());
    Query query =
        em.createNativeQuery(
                "SELECT id, agent_type, status, livemode, credits_charged, triage_item_id,"
                    + " created_at, completed_at FROM agent_runs"
                    + " WHERE org_id = ?1 AND livemode = ?2"
                    + (cursor.isEmpty() ? "" : " AND (created_at, id) < (?3, ?4)")
                    + " ORDER BY created_at DESC, id DESC LIMIT "
                    + WINDOW)
            .setParameter(1, boundOrg.id())
            .setParameter(2, filter.livemode());
    cursor.ifPresent(run -> query.setParameter(3, run.createdAt()).setParameter(4, run.id()));
    @SuppressWarnings("unchecked")
    List<Object[]> window = query.getResultList();
    List<RunSummary> matching = new ArrayList<>();
    for (Object[] row : window) {
      RunSummary run = summary(row);
      if (matches(run, filter)) {
        if (matching.size() == limit) {
          return new SummaryPage(matching, true, matching.get(limit - 1).id());
        }
        matching.add(run);
      }
    }
    if (window.size() == WINDOW) {
      return new SummaryPage(matching, true, summary(window.get(WINDOW - 1)).id());
    }
    return new SummaryPage(matching, false, null);
  }

  /** The run a page starts after: one of the org's, in the page's mode, else 400. */
  private Optional<AgentRun> cursor(String startingAfter, boolean livemode) {
    if (startingAfter == null) {
      return Optional.empty();
    }
    return Optional.of(
        Ids.uuid(startingAfter)
            .map(id -> em.find(AgentRun.class, id))
            .filter(run -> run.livemode() == livemode)
            .orElseThrow(
                () ->
                    Problems.invalidRequest(
                        "starting_after", "is not a run of yours in this mode")));
  }

  private static boolean matches(RunSummary run, Filter filter) {
    return (filter.status() == null || filter.status() == run.status())
        && (filter.agentType() == null || filter.agentType().equals(run.agentType()));
  }

  private static RunSummary summary(Object[] row) {
    return new RunSummary(
        (UUID) row[0],
        (String) row[1],
        RunStatus.fromCode((String) row[2]).orElseThrow(),
        (Boolean) row[3],
        ((Number) row[4]).longValue(),
        (UUID) row[5],
        offset(row[6]),
        offset(row[7]));
  }

  private static OffsetDateTime offset(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime at) {
      return at;
    }
    if (value instanceof java.sql.Timestamp at) {
      return at.toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
    return OffsetDateTime.parse(value.toString());
  }
}
